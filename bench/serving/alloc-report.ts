/**
 * Sums a sampling allocation profile (`alloc-probe.mjs`, CAIRN_ALLOC_PROBE_SAMPLES) by the function
 * that allocated, and by the first frame of ours below it: `node --import tsx alloc-report.ts FILE [requests]`.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: ProfileNode[] }

const [file, requestsArg] = process.argv.slice(2);
const requests = Number(requestsArg ?? 1);
const root = (JSON.parse(readFileSync(file!, 'utf8')) as { head: ProfileNode }).head;
const self = new Map<string, number>();
const ours = new Map<string, number>();

function name(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || '(anonymous)'} ${url.replace(/^.*\/(packages|node_modules)\//, '$1/')}:${lineNumber + 1}`;
}

function walk(node: ProfileNode, owner: string): void {
  const here = node.callFrame.url.includes('/packages/') ? name(node) : owner;
  self.set(name(node), (self.get(name(node)) ?? 0) + node.selfSize);
  ours.set(here, (ours.get(here) ?? 0) + node.selfSize);
  for (const child of node.children) walk(child, here);
}

walk(root, '(outside our code)');
const top = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${(v / requests).toFixed(0).padStart(7)} B/req  ${k}`).join('\n');
console.log(`by allocating function:\n${top(self)}\n\nby the innermost frame of ours:\n${top(ours)}`);
