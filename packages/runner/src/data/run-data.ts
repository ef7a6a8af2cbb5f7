/**
 * A run's dataset inputs and outputs (issue 7), as one hook the runner calls: inputs are downloaded
 * (or, for a local datastore this node can see, linked) before the script starts; outputs are
 * uploaded to their datastore after it completes and optionally registered as a dataset version.
 * Every version read or written is recorded on the run for lineage.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, readdir, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Dataset, DatasetFile, Datastore, RunInput, RunOutput, RunSpec } from '@cairn/api';
import type { ServerClient } from '../server-client.js';

/** What the script sees of its data, and the step that runs after it. */
export interface RunData {
  env: Record<string, string>;
  /** Fills `{inputs.NAME}` and `{outputs.NAME}` in the script's arguments. */
  args(args: string[]): string[];
  /** Uploads outputs and registers them; call only when the script completed. */
  finish(): Promise<void>;
}

/** A data step that failed, named for the run's error. */
export class RunDataError extends Error {
  constructor(readonly code: 'DATA_INPUT_FAILED' | 'DATA_OUTPUT_FAILED', message: string) {
    super(message);
  }
}

const seg = (s: string) => encodeURIComponent(s);
const filePath = (path: string) => path.split('/').map(seg).join('/');

/** Materializes inputs and prepares output folders under `workDir`. */
export async function prepareRunData(client: ServerClient, spec: RunSpec, workDir: string, say: (line: string) => void): Promise<RunData> {
  const config = spec.runConfig as RunSpec['runConfig'] & { inputs?: Record<string, RunInput>; outputs?: Record<string, RunOutput> };
  const paths: Record<string, string> = {};
  const env: Record<string, string> = {};
  const inputs: Record<string, { id: string; path: string }> = {};
  for (const [name, input] of Object.entries(config.inputs ?? {})) {
    const dir = join(workDir, 'inputs', name);
    const dataset = await materialize(client, input, dir, say).catch((error: Error) => {
      throw new RunDataError('DATA_INPUT_FAILED', `input ${name} (${input.dataset}): ${error.message}`);
    });
    await client.json('POST', `/runs/${seg(spec.runId)}/datasets`, { ref: dataset.id, direction: 'input', name });
    paths[`inputs.${name}`] = env[`CAIRN_INPUT_${name}`] = env[`AZUREML_DATAREFERENCE_${name}`] = dir;
    inputs[name] = { id: dataset.id, path: dir };
  }
  const outputs: Record<string, { dir: string; output: RunOutput }> = {};
  for (const [name, output] of Object.entries(config.outputs ?? {})) {
    const dir = join(workDir, 'data-outputs', name);
    await mkdir(dir, { recursive: true });
    paths[`outputs.${name}`] = env[`CAIRN_OUTPUT_${name}`] = dir;
    outputs[name] = { dir, output };
  }
  env.CAIRN_INPUT_DATASETS = JSON.stringify(inputs);
  env.CAIRN_OUTPUT_DATASETS = JSON.stringify(Object.fromEntries(Object.entries(outputs).map(([n, o]) => [n, { path: o.dir, register: o.output.register ?? null }])));
  return {
    env,
    args: (args) => args.map((a) => a.replace(/\{((?:inputs|outputs)\.[A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, key: string) => paths[key] ?? whole)),
    finish: async () => {
      for (const [name, { dir, output }] of Object.entries(outputs)) {
        await publish(client, spec.runId, name, dir, output, say).catch((error: Error) => {
          throw new RunDataError('DATA_OUTPUT_FAILED', `output ${name}: ${error.message}`);
        });
      }
    },
  };
}

/** Downloads (or links) a dataset version's files into `dir`. */
async function materialize(client: ServerClient, input: RunInput, dir: string, say: (line: string) => void): Promise<Dataset> {
  const dataset = await client.json<Dataset>('GET', `/datasets/${seg(input.dataset)}`);
  const { items: files } = await client.json<{ items: DatasetFile[] }>('GET', `/datasets/${seg(dataset.id)}/files`);
  const local = input.mode === 'mount' ? await localRoot(client, dataset.datastore) : null;
  for (const file of files) {
    const target = join(dir, ...file.path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    if (local) await symlink(join(local, ...file.path.split('/')), target);
    else await pipeline(Readable.fromWeb((await client.bytes(`/datastores/${seg(dataset.datastore)}/files/${filePath(file.path)}`)).body as never), createWriteStream(target));
  }
  say(`input ${dataset.id}: ${files.length} file(s) ${local ? 'linked from' : 'downloaded to'} ${dir}`);
  return dataset;
}

/** The directory of a local datastore when this node can read it, so `mount` can link instead of copy. */
async function localRoot(client: ServerClient, datastore: string): Promise<string | null> {
  const store = await client.json<Datastore>('GET', `/datastores/${seg(datastore)}`);
  if (store.type !== 'local' || !store.location.path) return null;
  return access(store.location.path).then(() => store.location.path as string, () => null);
}

/** Uploads an output folder and, when asked, registers it as a new dataset version. */
async function publish(client: ServerClient, runId: string, name: string, dir: string, output: RunOutput, say: (line: string) => void): Promise<void> {
  const prefix = output.path.replaceAll('{run-id}', runId).replaceAll('{output-name}', name).replace(/^\/+|\/+$/g, '');
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1).split('/').join('/')).sort();
  for (const file of files) {
    await client.upload(`/datastores/${seg(output.datastore)}/files/${filePath(`${prefix}/${file}`)}`, () => createReadStream(join(dir, file)));
  }
  say(`output ${name}: ${files.length} file(s) uploaded to ${output.datastore}:${prefix}/`);
  if (!output.register) return;
  if (files.length === 0) return say(`output ${name}: nothing written, so no version of ${output.register} registered`);
  const dataset = await client.json<Dataset>('POST', '/datasets', { name: output.register, datastore: output.datastore, path: prefix });
  await client.json('POST', `/runs/${seg(runId)}/datasets`, { ref: dataset.id, direction: 'output', name });
  say(`output ${name}: registered as dataset ${dataset.id}`);
}
