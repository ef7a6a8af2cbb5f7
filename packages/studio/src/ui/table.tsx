/** Small table helpers: a header row from labels, a label/value row. */
import type { ReactNode } from 'react';

/** A `<thead>` with one column header per label. */
export function Head({ labels }: { labels: string[] }) {
  return <thead><tr>{labels.map((c) => <th key={c} scope="col">{c}</th>)}</tr></thead>;
}

/** A `<tr>` with a row header and its value. */
export function Row({ label, children }: { label: string; children: ReactNode }) {
  return <tr><th scope="row">{label}</th><td>{children}</td></tr>;
}
