/** `cairn dataset create|list|show|diff|download|delete`: versioned file and tabular datasets on datastores. */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Dataset, DatasetDetail } from '@cairn/api';
import type { Command } from 'commander';
import { connect } from '../context.js';
import { CliError } from '../errors.js';
import { formatBytes, formatTime } from '../format.js';
import { note, printData, withOutput } from '../output.js';
import { renderTable } from '../table.js';
import { byteProgress } from '../progress.js';

/** Registers the dataset subcommands. */
export function register(command: Command): void {
  withOutput(command.command('create').argument('<name>').description('Record the files a path or glob matches as a dataset version (identical files: the existing version)')
    .requiredOption('--path <glob>', "path or glob relative to the datastore root, e.g. 'images/**/*.png'")
    .option('--datastore <name>', 'datastore (default: the workspace default)')
    .option('--tabular', 'a tabular dataset of CSV/TSV files, profiled in a background job')
    .option('--separator <c>', 'tabular: field separator (default , or tab for .tsv)').option('--description <text>', 'description', ''))
    .action(async (name: string, o: { path: string; datastore?: string; tabular?: boolean; separator?: string; description: string }, cmd: Command) => {
      const { workspace } = await connect(cmd);
      const made = await workspace.datasets.create({ name, path: o.path, datastore: o.datastore, kind: o.tabular ? 'tabular' : 'file', separator: o.separator as ',' | undefined, description: o.description });
      if (!made.created) note(`Files unchanged: ${made.id} already records them`);
      printData(cmd, made, (d) => datasetTable([d]));
    });
  withOutput(command.command('list').description('List dataset versions, newest first').option('--name <name>', 'only this dataset'))
    .action(async (o: { name?: string }, cmd: Command) => printData(cmd, await (await connect(cmd)).workspace.datasets.list(o.name), datasetTable));
  withOutput(command.command('show').argument('<ref>').description('Show N (latest) or N:V: files, sample, profile, lineage'))
    .action(async (ref: string, _o: unknown, cmd: Command) => printData(cmd, await (await connect(cmd)).workspace.datasets.get(ref), detailText));
  withOutput(command.command('diff').argument('<from>').argument('<to>').description('Files added, removed and changed between two versions'))
    .action(async (from: string, to: string, _o: unknown, cmd: Command) => printData(cmd, await (await connect(cmd)).workspace.datasets.diff(from, to), (d) =>
      [...d.added.map((p) => `+ ${p}`), ...d.removed.map((p) => `- ${p}`), ...d.changed.map((p) => `~ ${p}`), `${d.unchanged} unchanged\n`].join('\n')));
  command.command('download').argument('<ref>').argument('<dest>').description("Download a version's files (skips complete files)")
    .action(async (ref: string, dest: string, _o: unknown, cmd: Command) => download(cmd, ref, dest));
  command.command('delete').argument('<name:version>').description('Delete a dataset version (refused while runs used it)')
    .action(async (ref: string, _o: unknown, cmd: Command) => {
      const [name, version] = ref.split(':');
      await (await connect(cmd)).workspace.datasets.delete(name as string, Number(version));
      note(`Deleted dataset ${ref}`);
    });
}

/** Dataset versions as a table. */
export function datasetTable(items: Dataset[], now = Date.now()): string {
  return renderTable(['ID', 'KIND', 'DATASTORE', 'PATH', 'FILES', 'SIZE', 'CREATED'], items.map((d) => [d.id, d.kind, d.datastore, d.path, String(d.fileCount), formatBytes(d.size), formatTime(d.createdAt, now)]));
}

function detailText(d: DatasetDetail): string {
  const lines = [`${d.id} (${d.kind}) on ${d.datastore}: ${d.path}`, `${d.fileCount} file(s), ${formatBytes(d.size)}`, 'Sample:', ...d.sample.map((p) => `  ${p}`)];
  if (d.profile) {
    lines.push(`Profile: ${d.profile.status}${d.profile.rowCount !== null ? `, ${d.profile.rowCount} rows` : ''}${d.profile.error ? ` — ${d.profile.error.message}` : ''}`);
    lines.push(renderTable(['COLUMN', 'TYPE', 'MISSING', 'MIN', 'MAX', 'MEAN', 'DISTINCT', 'TOP'], d.profile.columns.map((c) => [
      c.name, c.type, String(c.missing), c.min === null ? '' : String(c.min), c.max === null ? '' : String(c.max), c.mean === null ? '' : c.mean.toPrecision(4),
      String(c.distinct), c.top.slice(0, 3).map((t) => `${t.value}(${t.count})`).join(' '),
    ])).trimEnd());
  }
  lines.push('Lineage:', ...(d.lineage.length ? d.lineage.map((l) => `  ${l.direction} ${l.name} of run ${l.runId}`) : ['  no runs yet']));
  return `${lines.join('\n')}\n`;
}

async function download(cmd: Command, ref: string, dest: string): Promise<void> {
  const { workspace } = await connect(cmd);
  const dataset = await workspace.datasets.get(ref);
  const files = await workspace.datasets.files(ref);
  const progress = byteProgress(`Downloading ${dataset.id}`);
  let done = 0;
  for (const file of files) {
    const path = join(dest, ...file.path.split('/'));
    if ((await stat(path).then((s) => s.size, () => -1)) !== file.size) {
      await mkdir(dirname(path), { recursive: true });
      await pipeline(await workspace.datastores.download(dataset.datastore, file.path), createWriteStream(`${path}.partial`));
      const got = (await stat(`${path}.partial`)).size;
      if (got !== file.size) throw new CliError('FILE_CHANGED', `${file.path} changed on the datastore since ${dataset.id} recorded it (${got} bytes, recorded ${file.size}); create a new version`);
      await rename(`${path}.partial`, path);
    }
    progress.update((done += file.size), dataset.size);
  }
  progress.stop();
  note(`Downloaded ${files.length} file(s) of ${dataset.id} to ${dest}`);
}
