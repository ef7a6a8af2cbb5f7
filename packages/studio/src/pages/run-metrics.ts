/** The metrics tab: every metric but the system ones. */
import type { Run } from '@cairn/api';
import type { PageContext } from '../router.js';
import { isSystemMetric, metricsPanel } from './metric-views.js';
import type { Tab } from './run.js';

/** The metrics tab. */
export default function metrics(ctx: PageContext, run: Run): Promise<Tab> {
  return metricsPanel(ctx.ws, run, (m) => !isSystemMetric(m.name), 'This run has logged no metrics.');
}
