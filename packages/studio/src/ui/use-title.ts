/** The document title for the page shown. */
import { useEffect } from 'react';

/** Sets the window title to `<title> · Cairn` while the page is shown. */
export function useTitle(title: string): void {
  useEffect(() => { document.title = `${title} · Cairn`; }, [title]);
}
