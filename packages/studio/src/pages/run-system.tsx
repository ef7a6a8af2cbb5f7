/** The system metrics tab: CPU, memory and GPU series the runner samples (names under `system.`). */
import { isSystemMetric, MetricsPanel } from './metric-views.js';
import type { TabProps } from './run.js';

const system = (m: { name: string }) => isSystemMetric(m.name);

/** The system metrics tab. */
export default function System({ ws, run }: TabProps) {
  return <MetricsPanel ws={ws} run={run} include={system} empty="No system metrics for this run." />;
}
