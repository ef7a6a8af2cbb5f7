/** In-studio links: real anchors (open in new tab works), followed without a page load. */
import { h } from './dom.js';

let navigateTo: (path: string) => void = (path) => window.location.assign(path);

/** Sets how links navigate (the app's router). */
export function setNavigator(navigate: (path: string) => void): void {
  navigateTo = navigate;
}

/** An anchor to a studio path. */
export function link(href: string, ...children: Array<Node | string>): HTMLAnchorElement {
  const a = h('a', { href }, ...children);
  a.addEventListener('click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigateTo(href);
  });
  return a;
}
