import { describe, expect, it } from 'vitest';
import { commandTable } from './command-table.js';
import { buildProgram, commandNameOf } from './program.js';

describe('commandNameOf', () => {
  it('finds the command after global options and their values', () => {
    expect(commandNameOf(['-w', 'run', 'secret', 'list'])).toBe('secret');
    expect(commandNameOf(['--url', 'http://x', '--workspace=team', 'run', 'list'])).toBe('run');
    expect(commandNameOf(['help', 'token'])).toBe('token');
    expect(commandNameOf(['--help'])).toBeUndefined();
  });
});

describe('buildProgram', () => {
  it('lists every command of the table, and loads only the one asked for', async () => {
    const program = await buildProgram(['run', 'list']);
    expect(program.commands.map((c) => c.name())).toEqual(commandTable.map((e) => e.name));
    const loaded = program.commands.filter((c) => c.commands.length > 0 || c.options.length > 0).map((c) => c.name());
    expect(loaded).toEqual(['run']);
    expect(program.commands.find((c) => c.name() === 'run')!.commands.map((c) => c.name())).toEqual(['list', 'show', 'metrics', 'tag', 'cancel', 'download', 'submit-script', 'logs', 'config']);
  });

  it('gives every data-printing subcommand -o/--output', async () => {
    for (const entry of commandTable.filter((e) => ['workspace', 'experiment', 'run', 'secret', 'token'].includes(e.name))) {
      const command = (await buildProgram([entry.name])).commands.find((c) => c.name() === entry.name)!;
      const printing = command.commands.filter((c) => ['list', 'show', 'create', 'metrics', 'tag', 'cancel'].includes(c.name()));
      for (const sub of printing) expect(sub.options.map((o) => o.long), `${entry.name} ${sub.name()}`).toContain('--output');
    }
  });
});
