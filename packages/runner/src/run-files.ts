/** Uploads files the script writes: `./logs` while it works (changed files again), `./outputs` at the end. */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { ServerClient } from './server-client.js';

/** Every regular file under `dir`, with its size and change time; none when it does not exist. */
async function walk(dir: string): Promise<Array<{ path: string; size: number; mtimeMs: number }>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const info = await stat(path).catch(() => null);
    if (info) files.push({ path, size: info.size, mtimeMs: info.mtimeMs });
  }
  return files;
}

export class RunFiles {
  private readonly seen = new Map<string, string>();

  constructor(
    private readonly client: ServerClient,
    private readonly runId: string,
    private readonly workDir: string,
    private readonly report: (line: string) => void,
  ) {}

  /** Uploads files under `folder` that are new or changed since the last call; answers how many. */
  async sync(folder: 'logs' | 'outputs'): Promise<number> {
    let uploaded = 0;
    for (const file of await walk(join(this.workDir, folder))) {
      const name = relative(this.workDir, file.path).split(sep).join('/');
      const version = `${file.size}:${file.mtimeMs}`;
      if (this.seen.get(name) === version) continue;
      try {
        await this.client.upload(`/runs/${encodeURIComponent(this.runId)}/files/${name.split('/').map(encodeURIComponent).join('/')}?overwrite=true`, () => createReadStream(file.path));
        this.seen.set(name, version);
        uploaded++;
      } catch (error) {
        this.report(`could not upload ${name}: ${(error as Error).message}`);
      }
    }
    return uploaded;
  }
}
