/** The files tab: the run's outputs and logs in the file browser; re-read while the run is live (./logs files stream in). */
import { isTerminal } from '@cairn/api';
import { useMemo } from 'react';
import { ErrorBox } from '../ui/errors.js';
import { FileBrowser } from '../ui/file-browser.js';
import { useResource } from '../ui/use-resource.js';
import type { TabProps } from './run.js';

/** The files tab. */
export default function Files({ ws, run }: TabProps) {
  const { data: items, error } = useResource(() => ws.files.list(run.id), [ws, run.id], { every: 5000, live: () => !isTerminal(run.status) });
  const source = useMemo(() => ({ href: (path: string) => ws.fileHref(run.id, path), blob: (path: string) => ws.fileBlob(run.id, path) }), [ws, run.id]);
  if (!items) return <ErrorBox error={error} />;
  if (items.length === 0) return <p className="empty">This run has no files.</p>;
  return <FileBrowser files={items} label="Run files" source={source} />;
}
