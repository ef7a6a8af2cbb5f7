/**
 * How many points to ask for when a chart zooms: the series API downsamples the whole series (it
 * has no range parameter), so a window holding a tenth of the points needs ten times as many to
 * keep the same density on screen, up to the API's limit.
 */
export const BASE_POINTS = 1000;
export const MAX_POINTS = 100_000;

/** The maxPoints for a window of `xs` (the points drawn now); BASE_POINTS when not zoomed or all points fit. */
export function finerPoints(xs: number[], range: [number, number] | null, stored: number): number {
  if (!range || xs.length === 0 || stored <= BASE_POINTS) return BASE_POINTS;
  const inside = xs.filter((x) => x >= range[0] && x <= range[1]).length;
  const fraction = Math.max(inside, 1) / xs.length;
  const want = Math.ceil(BASE_POINTS / fraction);
  // Powers of two, so small zoom changes reuse the last answer instead of asking again.
  return Math.min(MAX_POINTS, stored, 2 ** Math.ceil(Math.log2(Math.max(want, BASE_POINTS))));
}
