/**
 * A virtualised list of fixed-height rows: only the rows in view (plus a margin) exist in the DOM,
 * so 10,000 runs scroll as smoothly as ten.
 */
import { h, keepFocus } from './dom.js';

/** The scrolling body and a way to give it new rows. */
export interface VirtualRows {
  el: HTMLElement;
  setCount(count: number): void;
  /** Redraws the rows in view (after a sort or new data). */
  refresh(): void;
}

const OVERSCAN = 10;

/** A scroll area rendering row `i` with `renderRow(i)` only while it is near the view. */
export function virtualRows(rowHeight: number, renderRow: (index: number) => HTMLElement): VirtualRows {
  const spacer = h('div', { class: 'vrows-spacer', role: 'presentation' });
  const el = h('div', { class: 'vrows', role: 'rowgroup' }, spacer);
  let count = 0;
  let frame = 0;
  const draw = () => {
    frame = 0;
    const first = Math.max(0, Math.floor(el.scrollTop / rowHeight) - OVERSCAN);
    const last = Math.min(count, Math.ceil((el.scrollTop + el.clientHeight) / rowHeight) + OVERSCAN);
    const rows: HTMLElement[] = [];
    for (let i = first; i < last; i++) {
      const row = renderRow(i);
      row.style.transform = `translateY(${i * rowHeight}px)`;
      row.setAttribute('aria-rowindex', String(i + 2));
      rows.push(row);
    }
    keepFocus(spacer, () => spacer.replaceChildren(...rows));
  };
  const schedule = () => { if (!frame) frame = requestAnimationFrame(draw); };
  el.addEventListener('scroll', schedule, { passive: true });
  new ResizeObserver(schedule).observe(el);
  return {
    el,
    setCount: (n) => { count = n; spacer.style.height = `${n * rowHeight}px`; schedule(); },
    refresh: schedule,
  };
}
