/** Seeds a test server through the public API (the SDK), as a user would with scripts. */
import type { CairnClient } from '../../../sdk/src/cairn-client.js';

/** Two finished runs with metrics, tags, a text file, an image metric and a child; one running run. */
export async function seed(client: CairnClient, names: { a?: string; b?: string; tag?: string; metric?: string; file?: string; text?: string } = {}) {
  const ws = client.workspace('default');
  const a = await ws.runs.create({ experiment: 'mnist', displayName: names.a ?? 'baseline', status: 'Running', tags: { lr: '0.1', team: names.tag ?? 'vision' }, properties: { optimizer: 'sgd' } });
  const b = await ws.runs.create({ experiment: 'mnist', displayName: names.b ?? 'tuned', status: 'Running', tags: { lr: '0.01', team: names.tag ?? 'vision' }, properties: { optimizer: 'adam' } });
  const metric = names.metric ?? 'loss';
  for (const [run, scale] of [[a, 1], [b, 0.5]] as const) {
    const points = Array.from({ length: 200 }, (_, step) => ({ name: metric, step, value: scale * Math.exp(-step / 50) }));
    await ws.metrics.log(run.id, [...points, { name: 'accuracy', value: 1 - scale / 4 }, { name: 'system.cpu_percent', step: 0, value: 42 }]);
  }
  await ws.files.upload(a.id, names.file ?? 'outputs/notes.txt', Buffer.from(names.text ?? 'hello from the run\n'));
  await ws.metrics.log(a.id, [{ name: 'summary', kind: 'table', row: { epoch: 1, acc: 0.9 } }, { name: 'summary', kind: 'table', row: { epoch: 2, acc: 0.95 } }]);
  const [child] = await ws.runs.createChildren(a.id, { count: 1 });
  await ws.runs.update(child!.id, { status: 'Completed' });
  await ws.runs.update(a.id, { status: 'Completed' });
  await ws.runs.update(b.id, { status: 'Completed' });
  const live = await ws.runs.create({ experiment: 'mnist', displayName: 'still-running', status: 'Running' });
  return { a, b, child: child!, live };
}
