/** `cairn endpoint create|deploy|list|show|logs|keys|regen-key|token|invoke|traffic|delete`. */
import { readFile } from 'node:fs/promises';
import type { EndpointLogLine } from '@cairn/api';
import type { Command } from 'commander';
import { connect } from '../context.js';
import { CliError, UsageError, exitCodes } from '../errors.js';
import { formatTime } from '../format.js';
import { intOption } from '../options.js';
import { note, printData, toJson, withOutput, outputFormat } from '../output.js';
import { renderFields } from '../table.js';
import { parseTraffic, registerDeploy } from './endpoint-deploy.js';
import { endpointDetail, endpointTable, metricsTable } from './endpoint-format.js';

/** Registers the endpoint subcommands. */
export function register(command: Command): void {
  registerDeploy(command);
  withOutput(command.command('list').description("The workspace's endpoints with their state and traffic"))
    .action(async (_o: unknown, cmd: Command) => {
      const { workspace } = await connect(cmd);
      const items = await workspace.endpoints.list();
      if (items.length === 0) note(`No endpoints in workspace ${workspace.name} yet: \`cairn endpoint create NAME --model N:V --entry-script score.py\``);
      printData(cmd, { items }, (p) => endpointTable(p.items));
    });
  withOutput(command.command('show').argument('<name>').description('An endpoint: state, URLs, deployments, replicas, traffic'))
    .option('--metrics', 'with telemetry per deployment: requests, status codes, latency, queue wait, replicas')
    .option('--model-data', 'with the requests and answers sampled by --collect-model-data')
    .action(async (name: string, o: { metrics?: boolean; modelData?: boolean }, cmd: Command) => show(cmd, name, o));
  registerLogs(command.command('logs').argument('<name>').description("The replicas' log: init() tracebacks, run() errors, rollouts"));
  withOutput(command.command('keys').argument('<name>').description('The primary and secondary scoring keys'))
    .action(async (name: string, _o: unknown, cmd: Command) => {
      const { workspace } = await connect(cmd);
      printData(cmd, await workspace.endpoints.keys(name), (k) => renderFields([['primary', k.primaryKey], ['secondary', k.secondaryKey]]));
    });
  withOutput(command.command('regen-key').argument('<name>').argument('<key>', 'primary or secondary').description('Replace one key; the other keeps working'))
    .action(async (name: string, key: string, _o: unknown, cmd: Command) => {
      if (key !== 'primary' && key !== 'secondary') throw new UsageError(`expected primary or secondary, got "${key}"`);
      const { workspace } = await connect(cmd);
      printData(cmd, await workspace.endpoints.regenerateKey(name, key), (k) => renderFields([['primary', k.primaryKey], ['secondary', k.secondaryKey]]));
    });
  withOutput(command.command('token').argument('<name>').description('A short-lived scoring token (endpoints created with --auth token)'))
    .action(async (name: string, _o: unknown, cmd: Command) => {
      const { workspace } = await connect(cmd);
      const token = await workspace.endpoints.token(name);
      printData(cmd, token, (t) => renderFields([['token', t.accessToken], ['expires', new Date(t.expiresOn).toISOString()], ['refresh after', new Date(t.refreshAfter).toISOString()]]));
    });
  registerInvoke(command.command('invoke').argument('<name>').description('Score a request through the gateway and print the answer'));
  withOutput(command.command('traffic').argument('<name>').argument('<split>', 'e.g. blue=90,green=10').description('Set the traffic split between deployments'))
    .action(async (name: string, split: string, _o: unknown, cmd: Command) => {
      const { workspace } = await connect(cmd);
      printData(cmd, await workspace.endpoints.setTraffic(name, parseTraffic(split)), (e) => endpointDetail(e));
    });
  command.command('delete').argument('<name>').description('Stop every deployment of an endpoint and delete it')
    .option('--deployment <name>', 'delete only this deployment (it must take no traffic)')
    .action(async (name: string, o: { deployment?: string }, cmd: Command) => {
      const { workspace } = await connect(cmd);
      if (o.deployment) await workspace.endpoints.deleteDeployment(name, o.deployment);
      else await workspace.endpoints.delete(name);
      note(o.deployment ? `Deleted deployment ${o.deployment} of ${name}` : `Deleted endpoint ${name}`);
    });
}

async function show(cmd: Command, name: string, o: { metrics?: boolean; modelData?: boolean }): Promise<void> {
  const { workspace } = await connect(cmd);
  const endpoint = await workspace.endpoints.get(name);
  const metrics = o.metrics ? await workspace.endpoints.metrics(name) : undefined;
  const modelData = o.modelData ? await workspace.endpoints.modelData(name) : undefined;
  printData(cmd, { ...endpoint, ...(metrics ? { metrics } : {}), ...(modelData ? { modelData } : {}) }, () => {
    const parts = [endpointDetail(endpoint)];
    if (metrics) parts.push(`\nTelemetry\n${metricsTable(metrics)}`);
    if (modelData) parts.push(`\nSampled requests\n${modelData.map((r) => `${formatTime(r.at)} ${r.deployment} ${r.status} ${r.input} -> ${r.output}`).join('\n')}\n`);
    return parts.join('');
  });
}

function printLine(cmd: Command, line: EndpointLogLine): void {
  process.stdout.write(outputFormat(cmd) === 'json' ? `${JSON.stringify(line)}\n` : `${line.deployment}/${line.replica} | ${line.line}\n`);
}

function registerLogs(logs: Command): void {
  withOutput(logs)
    .option('--deployment <name>', 'one deployment (default: all)')
    .option('--tail <n>', 'the last N lines (default 1000)', intOption('--tail', 1, 10_000), 1000)
    .option('-f, --follow', 'keep printing new lines until Ctrl-C')
    .action(async (name: string, o: { deployment?: string; tail: number; follow?: boolean }, cmd: Command) => {
      const { workspace } = await connect(cmd);
      const query = { deployment: o.deployment, tail: o.tail };
      if (!o.follow) {
        for (const line of await workspace.endpoints.logs(name, query)) printLine(cmd, line);
        return;
      }
      const abort = new AbortController();
      process.once('SIGINT', () => abort.abort());
      try {
        for await (const line of workspace.endpoints.follow(name, query, abort.signal)) printLine(cmd, line);
      } catch (error) {
        if (!abort.signal.aborted) throw error;
      }
    });
}

function registerInvoke(invoke: Command): void {
  withOutput(invoke)
    .option('--data <json>', 'the request body, e.g. \'{"data": [[1, 2, 3]]}\'')
    .option('--file <file>', 'read the request body from a file')
    .option('--deployment <name>', 'score this deployment, whatever the traffic split')
    .action(async (name: string, o: { data?: string; file?: string; deployment?: string }, cmd: Command) => {
      if ((o.data === undefined) === (o.file === undefined)) throw new UsageError('give the request body with --data JSON or --file FILE (one of them)');
      const body = o.data ?? (await readFile(o.file!, 'utf8'));
      const { workspace } = await connect(cmd);
      const answer = await workspace.endpoints.invoke(name, body, o.deployment);
      if (outputFormat(cmd) === 'json') process.stdout.write(toJson(answer));
      else process.stdout.write(typeof answer.body === 'string' ? `${answer.body}\n` : toJson(answer.body));
      if (answer.status !== 200) throw new CliError('SCORING_FAILED', `the endpoint answered ${answer.status}`, exitCodes.error, `see \`cairn endpoint logs ${name}\``);
    });
}
