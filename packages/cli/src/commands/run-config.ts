/** `cairn run config init [FILE]`: writes a commented run configuration to start from. */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { CliError, exitCodes } from '../errors.js';
import { note } from '../output.js';
import { runConfigTemplate } from '../run-config/template.js';

/** The file `init` writes when none is named. */
export const DEFAULT_RUN_CONFIG = 'run-config.yml';

/** Registers `cairn run config`. */
export function registerRunConfig(run: Command): void {
  const config = run.command('config').description('Run configuration files');
  config.command('init').argument('[file]', 'where to write it', DEFAULT_RUN_CONFIG).description('Write a commented run configuration (YAML)')
    .option('--script <path>', 'the script it names', 'train.py')
    .option('--overwrite', 'replace the file if it exists')
    .action(async (file: string, o: { script: string; overwrite?: boolean }) => init(file, o.script, o.overwrite ?? false));
}

async function init(file: string, script: string, overwrite: boolean): Promise<void> {
  try {
    await writeFile(file, runConfigTemplate(script), { flag: overwrite ? 'w' : 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw new CliError('FILE_EXISTS', `${file} exists already`, exitCodes.conflict, 'add --overwrite to replace it, or name another file');
  }
  note(`Wrote ${file}; submit with \`cairn run submit-script -e EXPERIMENT --run-config ${file}\``);
}
