/** Unicode charts of a metric series, for terminals: people would rather look than read. */
import { formatNumber } from './format.js';

const BLOCKS = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const SPARKS = BLOCKS.slice(1);

/** Averages values into at most `width` buckets, in order; non-finite values are left out. */
export function bucket(values: number[], width: number): number[] {
  const finite = values.filter(Number.isFinite);
  if (finite.length <= width) return finite;
  return Array.from({ length: width }, (_, i) => {
    const part = finite.slice(Math.floor((i * finite.length) / width), Math.floor(((i + 1) * finite.length) / width));
    return part.reduce((sum, v) => sum + v, 0) / part.length;
  });
}

/** One line of blocks, one per (bucketed) value: `▁▂▄▇█▆▃`. */
export function sparkline(values: number[], width = 24): string {
  const points = bucket(values, width);
  if (points.length === 0) return '';
  const [min, max] = [Math.min(...points), Math.max(...points)];
  return points.map((v) => SPARKS[max === min ? 3 : Math.round(((v - min) / (max - min)) * (SPARKS.length - 1))]).join('');
}

/** Options of a block chart. */
export interface ChartOptions {
  width: number;
  height: number;
  /** Labels under the first and last column (steps or times). */
  xLabels?: [string, string];
}

/**
 * A chart `height` rows tall, drawn with eighth blocks so each column has `height * 8` levels,
 * with the maximum and minimum labelled on the left. Returns its lines, top first.
 */
export function renderChart(values: number[], options: ChartOptions): string[] {
  const points = bucket(values, options.width);
  if (points.length === 0) return [];
  const [min, max] = [Math.min(...points), Math.max(...points)];
  const levels = points.map((v) => (max === min ? options.height * 4 : Math.round(((v - min) / (max - min)) * options.height * 8)));
  const labels = [formatNumber(max), formatNumber(min)];
  const gutter = Math.max(...labels.map((l) => l.length));
  const rows = Array.from({ length: options.height }, (_, r) => {
    const floor = (options.height - 1 - r) * 8;
    const line = levels.map((level) => BLOCKS[Math.max(0, Math.min(8, level - floor))]).join('');
    const label = r === 0 ? labels[0]! : r === options.height - 1 ? labels[1]! : '';
    return `${label.padStart(gutter)} ┤${line}`;
  });
  return [...rows, ...axis(gutter, points.length, options.xLabels)];
}

function axis(gutter: number, width: number, labels: [string, string] | undefined): string[] {
  const line = `${' '.repeat(gutter)} └${'─'.repeat(width)}`;
  if (!labels) return [line];
  const [first, last] = labels;
  const space = Math.max(1, width - first.length - last.length);
  return [line, `${' '.repeat(gutter + 2)}${first}${' '.repeat(space)}${last}`];
}
