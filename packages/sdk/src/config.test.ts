import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { cliConfigPath, loadCliConfig, readCliConfigFile, saveCliConfig } from './config.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cairn-config-'));
});

describe('CLI config file', () => {
  it('is written 0600 in a directory created 0700, and read back', async () => {
    const path = join(dir, 'nested', 'config.json');
    await saveCliConfig({ url: 'http://127.0.0.1:8265', token: 'secret', workspace: 'default' }, { path });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'nested'))).mode & 0o777).toBe(0o700);
    expect(await readCliConfigFile(path)).toEqual({ url: 'http://127.0.0.1:8265', token: 'secret', workspace: 'default' });
  });

  it('tightens a file that was readable by others when it is saved again', async () => {
    const path = join(dir, 'config.json');
    await writeFile(path, '{}', { mode: 0o644 });
    await saveCliConfig({ workspace: 'w' }, { path });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ workspace: 'w' });
  });

  it('lets CAIRN_URL, CAIRN_TOKEN and CAIRN_WORKSPACE override the file', async () => {
    const path = join(dir, 'config.json');
    await saveCliConfig({ url: 'http://file', token: 'file-token', workspace: 'file-ws' }, { path });
    const env = { CAIRN_CONFIG: path, CAIRN_TOKEN: 'env-token', CAIRN_WORKSPACE: 'env-ws' };
    expect(await loadCliConfig({ env })).toEqual({ path, fileExists: true, url: 'http://file', token: 'env-token', workspace: 'env-ws' });
  });

  it('reports a missing file as absent, not as an error', async () => {
    const path = join(dir, 'none.json');
    expect(await loadCliConfig({ env: { CAIRN_CONFIG: path } })).toEqual({ path, fileExists: false });
  });

  it('names the file and the key when the file holds something unexpected', async () => {
    const path = join(dir, 'config.json');
    await writeFile(path, '{"url":"http://x","colour":"blue"}');
    await expect(readCliConfigFile(path)).rejects.toThrow(`config file ${path} has an unknown key "colour"`);
    await expect(readCliConfigFile(path)).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    await writeFile(path, '{"url":');
    await expect(readCliConfigFile(path)).rejects.toThrow(`config file ${path} is not valid JSON`);
  });

  it('lives at $CAIRN_CONFIG, else ~/.cairn/config.json', () => {
    expect(cliConfigPath({ CAIRN_CONFIG: '/x/c.json' })).toBe('/x/c.json');
    expect(cliConfigPath({})).toMatch(/\.cairn\/config\.json$/);
  });
});
