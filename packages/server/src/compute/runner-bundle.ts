/**
 * The runner as compute nodes receive it (issue 4): `packages/runner/bundle.mjs` builds one file with
 * the Python packages beside it, packed here as a gzipped tarball named by the hash of its content.
 * Nodes fetch it with their run token and keep it under `<runner cache>/runner/<version>/`, so a node
 * needs `node` on its PATH but never the repository.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
// The runner package's build script (plain JS), the same from src/ and dist/.
const BUILD_SCRIPT = new URL('../../../runner/bundle.mjs', import.meta.url).href;

/** A built bundle: its version (content hash) and the tarball's path. */
export interface RunnerBundle {
  version: string;
  path: string;
}

/** Builds the bundle once per server (the first Slurm or SSH submission waits for it) and answers it after. */
export class RunnerBundles {
  private built: Promise<RunnerBundle> | null = null;

  constructor(private readonly dir: string) {}

  /** The bundle of this server's runner. */
  current(): Promise<RunnerBundle> {
    this.built ??= this.build().catch((error: unknown) => {
      this.built = null;
      throw error;
    });
    return this.built;
  }

  private async build(): Promise<RunnerBundle> {
    mkdirSync(this.dir, { recursive: true });
    const work = mkdtempSync(join(this.dir, '.build-'));
    try {
      const { bundleRunner } = (await import(BUILD_SCRIPT)) as { bundleRunner(out: string): Promise<string> };
      await bundleRunner(join(work, 'bundle'));
      const tarball = join(work, 'bundle.tar.gz');
      // Fixed order, owners and times: the same runner gives the same bytes, hence the same version.
      await run('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '-C', join(work, 'bundle'), '-cf', join(work, 'bundle.tar'), '.']);
      await run('gzip', ['-n', join(work, 'bundle.tar')]);
      renameSync(join(work, 'bundle.tar.gz'), tarball);
      const version = createHash('sha256').update(readFileSync(tarball)).digest('hex').slice(0, 16);
      const path = join(this.dir, `cairn-runner-${version}.tar.gz`);
      renameSync(tarball, path);
      return { version, path };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
}
