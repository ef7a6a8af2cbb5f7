/**
 * The shell lines a compute node (Slurm job, SSH host) runs to get the runner bundle of a version:
 * kept under `<cache>/runner/<version>/`, fetched from the server with the run token when missing
 * (curl, or python3's urllib where curl is missing), unpacked beside and renamed into place so that
 * jobs starting together never see half a runner. They leave its path in `$runner`.
 */
import type { RunLaunch } from '../execution/compute-backend.js';

/** A word for `sh`: as is when plain, else single-quoted. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The runner cache directory for `sh`, double-quoted so that `$HOME` in the default expands on the node. */
export function quotedCache(runnerCache: string | null | undefined): string {
  return `"${(runnerCache ?? '$HOME/.cairn/runner-cache').replace(/["\\`]/g, '\\$&')}"`;
}

/** Shell lines setting `$runner` to the bundled runner's path, fetching the bundle first when the node lacks it; `cache` is already quoted. */
export function fetchRunnerScript(run: Pick<RunLaunch, 'serverUrl' | 'workspace' | 'runId'>, version: string, cache: string): string {
  const url = `${run.serverUrl}/api/v1/workspaces/${encodeURIComponent(run.workspace)}/runs/${encodeURIComponent(run.runId)}/runner?version=${version}`;
  return [
    `dir=${cache}/runner/${version}`,
    'runner="$dir/cairn-runner.mjs"',
    'if [ ! -f "$runner" ]; then',
    `  url='${url.replace(/'/g, '%27')}'`,
    `  mkdir -p ${cache}/runner && tmp=$(mktemp -d ${cache}/runner/.fetch-XXXXXX) || exit 1`,
    // The token goes to curl on its standard input (printf is built in): never on a command line.
    '  if command -v curl >/dev/null 2>&1; then',
    '    printf \'header = "Authorization: Bearer %s"\\n\' "$CAIRN_RUN_TOKEN" | curl -fsS -K - "$url"',
    '  else',
    `    python3 -c 'import os, sys, urllib.request as u; sys.stdout.buffer.write(u.urlopen(u.Request(sys.argv[1], headers={"Authorization": "Bearer " + os.environ["CAIRN_RUN_TOKEN"]})).read())' "$url"`,
    '  fi | tar -xzf - -C "$tmp" && mv -T "$tmp" "$dir" 2>/dev/null',
    '  rm -rf "$tmp"',
    '  [ -f "$runner" ] || { echo "cairn: could not fetch the runner from $url" >&2; exit 1; }',
    'fi',
    '',
  ].join('\n');
}
