/**
 * A virtualised list of fixed-height rows: only the rows in view (plus a margin) exist in the DOM,
 * so 10,000 runs scroll as smoothly as ten. Positions are style properties, which React sets through
 * the CSSOM: the CSP's style-src applies to style attributes in markup, not to those.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';

const OVERSCAN = 10;

/** A scroll area rendering row `i` with `row(i)` only while it is near the view; `key(i)` keeps rows (and focus) across redraws. */
export function VirtualRows({ count, rowHeight, row, rowKey }: { count: number; rowHeight: number; row(index: number): ReactNode; rowKey(index: number): string }) {
  const el = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 700 });
  useEffect(() => {
    const box = el.current!;
    let frame = 0;
    const measure = () => { frame = 0; setView({ top: box.scrollTop, height: box.clientHeight }); };
    const schedule = () => { if (!frame) frame = requestAnimationFrame(measure); };
    box.addEventListener('scroll', schedule, { passive: true });
    const resize = new ResizeObserver(schedule);
    resize.observe(box);
    return () => { box.removeEventListener('scroll', schedule); resize.disconnect(); cancelAnimationFrame(frame); };
  }, []);
  const first = Math.max(0, Math.floor(view.top / rowHeight) - OVERSCAN);
  const last = Math.min(count, Math.ceil((view.top + view.height) / rowHeight) + OVERSCAN);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    rows.push(<div key={rowKey(i)} className="grid-row vrow" role="row" aria-rowindex={i + 2} style={{ transform: `translateY(${i * rowHeight}px)` }}>{row(i)}</div>);
  }
  return (
    <div ref={el} className="vrows" role="rowgroup">
      <div className="vrows-spacer" role="presentation" style={{ height: count * rowHeight }}>{rows}</div>
    </div>
  );
}
