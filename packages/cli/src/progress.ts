/** Progress bars for long transfers, drawn on stderr and only when stderr is a terminal. */
import cliProgress from 'cli-progress';
import { formatBytes } from './format.js';

/** Something that shows how far a transfer got. */
export interface Progress {
  /** Bytes done so far, and the total when known. */
  update(done: number, total: number | undefined): void;
  stop(): void;
}

const silent: Progress = { update() {}, stop() {} };

/** A byte progress bar labelled `label`; a no-op when stderr is not a terminal (logs, pipes, CI). */
export function byteProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return silent;
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(done, total) {
      // The format depends on whether the size is known, which only the first update tells.
      bar ??= start(label, stream, total);
      bar.update(total === undefined ? 0 : done, { done: formatBytes(done), size: total === undefined ? '?' : formatBytes(total) });
    },
    stop() {
      bar?.stop();
    },
  };
}

function start(label: string, stream: NodeJS.WriteStream, total: number | undefined): cliProgress.SingleBar {
  const format = total === undefined ? `${label} {done}` : `${label} [{bar}] {percentage}% {done} of {size} ETA {eta_formatted}`;
  const bar = new cliProgress.SingleBar({ format, stream, hideCursor: true, fps: 10, barsize: 30 }, cliProgress.Presets.shades_classic);
  bar.start(total ?? 1, 0, { done: formatBytes(0), size: total === undefined ? '?' : formatBytes(total) });
  return bar;
}
