/** Repeats a refresh every few seconds while the page is visible; stops when disposed. */
export function poll(refresh: () => Promise<void>, everyMs = 3000): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    if (document.visibilityState === 'visible') await refresh().catch(() => undefined);
    if (!stopped) timer = setTimeout(tick, everyMs);
  };
  timer = setTimeout(tick, everyMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
