/** The snapshot tab: the code a submitted run executed, from its content-addressed manifest, in the file browser. */
import { api } from '@cairn/api';
import { useMemo } from 'react';
import { ErrorBox } from '../ui/errors.js';
import { FileBrowser } from '../ui/file-browser.js';
import { useResource } from '../ui/use-resource.js';
import type { TabProps } from './run.js';

/** The snapshot tab. */
export default function Snapshot({ ws, run }: TabProps) {
  const submitted = run.type === 'azureml.scriptrun';
  const { data, error } = useResource(async () => {
    if (!submitted) return null;
    const params = { workspace: ws.name };
    const spec = await ws.transport.call(api.execution.spec, { params: { ...params, runId: run.id } });
    return ws.transport.call(api.snapshots.get, { params: { ...params, snapshotId: spec.snapshotId } });
  }, [ws, run.id, submitted]);
  // Files are blobs by hash: the manifest maps each path to its bytes.
  const source = useMemo(() => {
    const hashOf = (path: string) => data?.files.find((f) => f.path === path)?.sha256 ?? '';
    const input = (path: string) => ({ params: { workspace: ws.name, sha256: hashOf(path) } });
    return { href: (path: string) => ws.transport.href(api.blobs.download, input(path)), blob: async (path: string) => (await ws.transport.fetch(api.blobs.download, input(path), { accept: '*/*' })).blob() };
  }, [ws, data]);
  if (!submitted) return <p className="empty">This run was not submitted from a source directory, so it has no snapshot.</p>;
  if (!data) return <ErrorBox error={error} />;
  return <>
    <p className="help">{`Snapshot ${data.id}: ${data.files.length} files.`}</p>
    <FileBrowser files={data.files} label="Snapshot files" source={source} />
  </>;
}
