/** In-studio links: real anchors (open in new tab works), followed without a page load. */
import type { AnchorHTMLAttributes, MouseEvent } from 'react';

let navigateTo: (path: string, options?: { replace?: boolean }) => void = (path) => window.location.assign(path);

/** Sets how links navigate (the app's router). */
export function setNavigator(navigate: (path: string, options?: { replace?: boolean }) => void): void {
  navigateTo = navigate;
}

/** Goes to a studio path without a page load. */
export function navigate(path: string, options?: { replace?: boolean }): void {
  navigateTo(path, options);
}

/** An anchor to a studio path; a plain click navigates in place, modified clicks do what the browser does. */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigateTo(href);
  };
  return <a href={href} onClick={follow} {...rest} />;
}
