/**
 * Building DOM without markup strings: text always goes in as text nodes, attributes through
 * setAttribute, so untrusted text (run names, tags, logs, files) can never become elements or script.
 */
type Child = Node | string | number | null | undefined | false | Child[];
type Handler = (event: Event) => void;
/** Attributes of `h`: strings set as attributes, `on<event>` functions as listeners, booleans toggle. */
export type Attrs = Record<string, string | number | boolean | Handler | null | undefined>;

/** Creates an element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** Sets attributes and listeners on an element. */
export function setAttrs(el: Element, attrs: Attrs): void {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'value' && 'value' in el) (el as HTMLInputElement).value = String(value);
    else if (key === 'checked' && el instanceof HTMLInputElement) el.checked = Boolean(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
}

/** Appends children; strings and numbers become text nodes. */
export function append(el: Node, children: Child[]): void {
  for (const child of children.flat(10 as 1) as Child[]) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** An SVG element (charts, parallel coordinates), with the same text-only rules. */
export function svg(tag: string, attrs: Record<string, string | number> = {}, ...children: Child[]): SVGElement {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  append(el, children);
  return el;
}

// What identifies a focusable element across a re-render: its link, label, id or text.
function focusKey(el: Element): string {
  return `${el.tagName}|${el.getAttribute('href') ?? el.getAttribute('aria-label') ?? (el.id || el.textContent)}`;
}

/**
 * Runs a re-render of `container` and puts focus back on the equivalent element, so live updates
 * (polling) never throw a keyboard user back to the top of the page.
 */
export function keepFocus(container: Element, update: () => void): void {
  const active = document.activeElement;
  const key = active && active !== container && container.contains(active) ? focusKey(active) : null;
  // Half-typed text in a form being redrawn (a tag being added) survives the redraw too.
  const typed = [...container.querySelectorAll<HTMLInputElement>('input[id]:not([type=checkbox])')].filter((i) => i.value !== '').map((i) => [i.id, i.value] as const);
  update();
  for (const [id, value] of typed) {
    const input = container.querySelector<HTMLInputElement>(`input[id="${CSS.escape(id)}"]`);
    if (input && input.value === '') input.value = value;
  }
  if (key === null || (document.activeElement && container.contains(document.activeElement))) return;
  const again = [...container.querySelectorAll<HTMLElement>('a, button, input, select, [tabindex]')].find((el) => focusKey(el) === key);
  again?.focus({ preventScroll: true });
}
