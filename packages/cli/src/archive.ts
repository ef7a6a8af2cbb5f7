/**
 * Unpacking a run archive into a directory, safely: every entry must land inside the directory
 * (no absolute paths, no `..`, no symbolic links, no parent directory that is a link leading out),
 * and existing files are kept unless the caller asked to overwrite them.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, realpath } from 'node:fs/promises';
import { dirname, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type yauzl from 'yauzl';
import { CliError, exitCodes } from './errors.js';
import { safeDestination } from './paths.js';

/** A file entry of an archive and where it will be written. */
export interface PlannedFile {
  name: string;
  destination: string;
  size: number;
  entry: yauzl.Entry;
}

/** An opened archive and the files it will write; close `zip` when done. */
export interface ArchivePlan {
  zip: yauzl.ZipFile;
  files: PlannedFile[];
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** Opens an archive and checks every entry before anything is written. */
export async function planArchive(zipPath: string, dir: string): Promise<ArchivePlan> {
  // Loaded here: every `cairn run` command would otherwise pay for the zip reader at start.
  const { default: zipReader } = await import('yauzl');
  const zip = await zipReader.openPromise(zipPath, { autoClose: false, validateEntrySizes: true }).catch((e: Error) => {
    throw unsafe(`the archive cannot be read: ${e.message}`);
  });
  const files: PlannedFile[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue; // directories are made as their files need them
      files.push(planEntry(entry, dir));
    }
  } catch (error) {
    zip.close();
    throw error instanceof CliError ? error : unsafe(`the archive has a bad entry: ${(error as Error).message}`);
  }
  return { zip, files };
}

function planEntry(entry: yauzl.Entry, dir: string): PlannedFile {
  if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) throw unsafe(`entry "${entry.fileName}" is a symbolic link`);
  const destination = safeDestination(dir, entry.fileName);
  if (!destination) throw unsafe(`entry "${entry.fileName}" would be written outside ${dir}`);
  return { name: entry.fileName, destination, size: entry.uncompressedSize, entry };
}

/** Writes the planned files, reporting each chunk's size; refuses to follow a link out of `dir`. */
export async function extractArchive(plan: ArchivePlan, dir: string, overwrite: boolean, onBytes: (n: number) => void): Promise<void> {
  await mkdir(dir, { recursive: true });
  const root = await realpath(dir);
  for (const file of plan.files) {
    await mkdir(dirname(file.destination), { recursive: true });
    const parent = await realpath(dirname(file.destination));
    if (parent !== root && !parent.startsWith(`${root}${sep}`)) {
      throw unsafe(`entry "${file.name}" would be written through a link that leads outside ${dir}`, 'files before it were written');
    }
    const source = await plan.zip.openReadStreamPromise(file.entry);
    source.on('data', (chunk: Buffer) => onBytes(chunk.length));
    await pipeline(source, createWriteStream(file.destination, { flags: overwrite ? 'w' : 'wx' }));
  }
}

function unsafe(message: string, written = 'nothing was written'): CliError {
  return new CliError('UNSAFE_ARCHIVE', `refusing to unpack: ${message}`, exitCodes.error, `${written}; the archive came from the server: report it`);
}
