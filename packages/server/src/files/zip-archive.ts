/**
 * Run files as a zip, streamed: entries open one at a time as yazl reaches them, so an archive of any
 * number of files holds one blob stream open and buffers nothing whole.
 */
import type { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import type { RunFile } from '@cairn/api';
import { isCompressible } from './content-types.js';

/**
 * Zips files read page by page. Entry names are the full run paths (not relative to a prefix), so an
 * archive of `outputs/` unpacks to `outputs/…` just as the run holds it. A failure midway destroys
 * the stream, so the client sees a broken download rather than a zip that looks complete.
 */
export function zipFiles(pages: AsyncIterable<RunFile[]>, open: (file: RunFile) => Promise<Readable>): Readable {
  const zip = new ZipFile();
  const output = zip.outputStream as unknown as Readable;
  const opened = new Set<Readable>();
  const stop = (error?: Error) => {
    for (const stream of opened) stream.destroy();
    if (error) output.destroy(error);
  };
  zip.on('error', stop);
  // The client went away (or the zip ended): release whatever blob is still open.
  output.on('close', () => stop());
  void addEntries(zip, pages, (file) => open(file).then((stream) => {
    opened.add(stream);
    // yazl does not listen for errors on the streams it is handed.
    stream.on('error', stop).on('close', () => opened.delete(stream));
    return stream;
  })).catch(stop);
  return output;
}

async function addEntries(zip: ZipFile, pages: AsyncIterable<RunFile[]>, open: (file: RunFile) => Promise<Readable>): Promise<void> {
  for await (const page of pages) {
    if ((zip.outputStream as unknown as Readable).destroyed) return;
    for (const file of page) {
      const options = { size: file.size, mtime: new Date(file.createdAt), compress: isCompressible(file.contentType) };
      zip.addReadStreamLazy(file.path, options, (done) => void open(file).then((s) => done(null, s), (e: unknown) => done(e, undefined as never)));
    }
  }
  zip.end();
}
