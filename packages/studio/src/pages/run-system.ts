/** The system metrics tab: CPU, memory and GPU series the runner samples (names under `system.`). */
import type { Run } from '@cairn/api';
import type { PageContext } from '../router.js';
import { isSystemMetric, metricsPanel } from './metric-views.js';
import type { Tab } from './run.js';

/** The system metrics tab. */
export default function system(ctx: PageContext, run: Run): Promise<Tab> {
  return metricsPanel(ctx.ws, run, (m) => isSystemMetric(m.name), 'No system metrics for this run.');
}
