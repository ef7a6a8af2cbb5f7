/** The studio's layout and router: the header, the page for the address, sign-in when the session is missing. */
import { Component, Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { StudioClient } from './api/client.js';
import { BrowserTransport } from './api/transport.js';
import { match, wsPath, type PageProps } from './router.js';
import { ErrorBox } from './ui/errors.js';
import { Link, setNavigator } from './ui/link.js';

function currentLocation() {
  return { path: window.location.pathname, search: window.location.search };
}

function workspaceOf(path: string): string {
  return decodeURIComponent(/^\/w\/([^/]+)/.exec(path)?.[1] ?? 'default');
}

/** The whole studio. */
export function App() {
  const [location, setLocation] = useState(currentLocation);
  const navigate = useMemo(() => (path: string, options: { replace?: boolean } = {}) => {
    if (options.replace) history.replaceState(null, '', path);
    else history.pushState(null, '', path);
    setLocation(currentLocation());
  }, []);
  const client = useMemo(() => new StudioClient(new BrowserTransport(() => {
    if (window.location.pathname !== '/signin') navigate(`/signin?next=${encodeURIComponent(window.location.pathname + window.location.search)}`, { replace: true });
  })), [navigate]);
  useEffect(() => {
    setNavigator(navigate);
    const back = () => setLocation(currentLocation());
    window.addEventListener('popstate', back);
    return () => window.removeEventListener('popstate', back);
  }, [navigate]);
  useEffect(() => { if (location.path === '/' || location.path === '') navigate(wsPath('default'), { replace: true }); }, [location.path, navigate]);
  const ws = workspaceOf(location.path);
  return (
    <>
      <a className="skip" href="#content">Skip to content</a>
      <header><Nav client={client} ws={ws} signedIn={location.path !== '/signin'} navigate={navigate} /></header>
      <main id="content" tabIndex={-1}>
        <PageAt key={location.path + location.search} client={client} ws={ws} path={location.path} search={location.search} navigate={navigate} />
      </main>
    </>
  );
}

function PageAt({ client, ws, path, search, navigate }: { client: StudioClient; ws: string; path: string; search: string; navigate: PageProps['navigate'] }) {
  const found = match(path);
  const props = useMemo(() => {
    if (!found) return null;
    const page = { client, ws: client.workspace(ws), params: found.params, query: new URLSearchParams(search), navigate };
    found.prefetch?.(page.ws, page.query);
    return page;
  },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [client, ws, path, search, navigate]);
  if (path === '/' || path === '') return null;
  if (!found || !props) return <><h1>Not found</h1><p>No studio page at this address. <Link href={wsPath('default')}>Go home</Link></p></>;
  return (
    <Boundary>
      <Suspense fallback={<p>Loading…</p>}>
        <found.Page {...props} />
        <FocusOnArrival />
      </Suspense>
    </Boundary>
  );
}

// Focus moves to the new page (or its first field) so keyboard and screen reader users follow.
function FocusOnArrival() {
  useEffect(() => {
    const main = document.getElementById('content');
    (main?.querySelector<HTMLElement>('[data-autofocus]') ?? main)?.focus({ preventScroll: true });
  }, []);
  return null;
}

// A page that throws while rendering (or whose chunk fails to load) shows the error, not a blank page.
class Boundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state = { error: undefined as unknown };
  static getDerivedStateFromError(error: unknown) { return { error }; }
  override render() {
    return this.state.error === undefined ? this.props.children : <><h1>Something went wrong</h1><ErrorBox error={this.state.error} /></>;
  }
}

let workspaceNames: Promise<string[]> | undefined;

function Nav({ client, ws, signedIn, navigate }: { client: StudioClient; ws: string; signedIn: boolean; navigate: PageProps['navigate'] }) {
  const [names, setNames] = useState<string[]>([ws]);
  useEffect(() => {
    if (!signedIn) { workspaceNames = undefined; return; }
    workspaceNames ??= client.workspaces.list().then((items) => items.map((w) => w.name), () => [ws]);
    let gone = false;
    void workspaceNames.then((all) => { if (!gone) setNames([...new Set([ws, ...all])].sort()); });
    return () => { gone = true; };
  }, [client, ws, signedIn]);
  if (!signedIn) return <nav aria-label="Studio"><span className="brand">Cairn</span></nav>;
  const signOut = async () => { await client.signOut().catch(() => undefined); navigate('/signin'); };
  const pages: Array<[string, string]> = [['', 'Home'], ['/experiments', 'Experiments'], ['/runs', 'Runs'], ['/models', 'Models'], ['/datasets', 'Datasets'],
    ['/endpoints', 'Endpoints'], ['/environments', 'Environments'], ['/compute', 'Compute']];
  return (
    <nav aria-label="Studio">
      <span className="brand">Cairn</span>
      <span className="ws">
        <label htmlFor="workspace-select">Workspace</label>
        <select id="workspace-select" value={ws} onChange={(e) => navigate(wsPath(e.target.value))}>
          {(names.includes(ws) ? names : [ws, ...names]).map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </span>
      {pages.map(([rest, label]) => <Link key={label} href={wsPath(ws, rest)}>{label}</Link>)}
      <button type="button" onClick={() => void signOut()}>Sign out</button>
    </nav>
  );
}
