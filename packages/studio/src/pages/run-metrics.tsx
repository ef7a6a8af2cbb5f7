/** The metrics tab: every metric but the system ones. */
import { isSystemMetric, MetricsPanel } from './metric-views.js';
import type { TabProps } from './run.js';

const notSystem = (m: { name: string }) => !isSystemMetric(m.name);

/** The metrics tab. */
export default function Metrics({ ws, run }: TabProps) {
  return <MetricsPanel ws={ws} run={run} include={notSystem} empty="This run has logged no metrics." />;
}
