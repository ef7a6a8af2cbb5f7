/** Progress bars for long transfers, drawn on stderr and only when stderr is a terminal. */
import type cliProgress from 'cli-progress';
import { formatBytes } from './format.js';

/** Something that shows how far a transfer got. */
export interface Progress {
  /** Bytes done so far, and the total when known. */
  update(done: number, total: number | undefined): void;
  stop(): void;
}

const silent: Progress = { update() {}, stop() {} };

/**
 * A byte progress bar labelled `label`; a no-op when stderr is not a terminal (logs, pipes, CI).
 * cli-progress is loaded at the first update, not before: a submit whose files are all in the hash
 * cache updates nothing and loads nothing (ADR 17). Updates until it is loaded are not drawn.
 */
export function byteProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return silent;
  let bars: Bars | undefined;
  let loading: Promise<void> | undefined;
  let stopped = false;
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(done, total) {
      loading ??= import('cli-progress').then((m) => void (bars = m.default), () => undefined);
      if (!bars || stopped) return;
      // The format depends on whether the size is known, which only the first update tells.
      bar ??= start(bars, label, stream, total);
      bar.update(total === undefined ? 0 : done, { done: formatBytes(done), size: total === undefined ? '?' : formatBytes(total) });
    },
    stop() {
      stopped = true;
      bar?.stop();
    },
  };
}

type Bars = typeof cliProgress;

function start(bars: Bars, label: string, stream: NodeJS.WriteStream, total: number | undefined): cliProgress.SingleBar {
  const format = total === undefined ? `${label} {done}` : `${label} [{bar}] {percentage}% {done} of {size} ETA {eta_formatted}`;
  const bar = new bars.SingleBar({ format, stream, hideCursor: true, fps: 10, barsize: 30 }, bars.Presets.shades_classic);
  bar.start(total ?? 1, 0, { done: formatBytes(0), size: total === undefined ? '?' : formatBytes(total) });
  return bar;
}
