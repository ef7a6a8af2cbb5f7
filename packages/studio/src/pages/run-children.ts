/** Child runs as a tree (every descendant), with their statuses; refreshed while any is live. */
import { isTerminal, type Run } from '@cairn/api';
import type { PageContext } from '../router.js';
import { runPath } from '../router.js';
import { h, keepFocus, replace } from '../ui/dom.js';
import { errorBox } from '../ui/errors.js';
import { formatDuration, statusBadge } from '../ui/format.js';
import { link } from '../ui/link.js';
import { poll } from '../ui/poll.js';
import type { Tab } from './run.js';

/** The child runs tab. */
export default async function children(ctx: PageContext, run: Run): Promise<Tab> {
  const el = h('div', { class: 'children' });
  let live = true;
  const load = async () => {
    try {
      const all = await ctx.ws.runs.children(run.id, { recursive: true });
      live = all.some((r) => !isTerminal(r.status));
      keepFocus(el, () => replace(el, all.length === 0 ? h('p', { class: 'empty' }, 'This run has no child runs.') : h('ul', { class: 'run-tree', role: 'tree', 'aria-label': 'Child runs' }, ...branch(ctx, all, run.id))));
    } catch (error) {
      replace(el, errorBox(error));
    }
  };
  await load();
  return { el, dispose: poll(async () => { if (live) await load(); }, 4000) };
}

function branch(ctx: PageContext, all: Run[], parent: string): HTMLElement[] {
  return all.filter((r) => r.parentRunId === parent).map((child) => {
    const below = branch(ctx, all, child.id);
    return h('li', { role: 'treeitem', 'aria-expanded': below.length ? 'true' : undefined },
      link(runPath(ctx.ws.name, child.id), child.displayName || child.id), ' ', statusBadge(child.status), ` ${formatDuration(child.durationSeconds)}`,
      below.length ? h('ul', { role: 'group' }, ...below) : null);
  });
}
