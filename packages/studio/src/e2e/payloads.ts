/** Script payloads for the XSS tests, and how to tell whether one ran or became an element. */
import type { Page } from 'playwright-core';

export const IMG = `<img src=x onerror="window.__xss=1;alert('img')">`;
export const SCRIPT = `<script>window.__xss=2;alert('script')</script>`;

/** What a payload would leave behind had it run: the flag it sets, and elements it would have made. */
export async function injected(page: Page): Promise<{ xss: unknown; elements: number }> {
  return page.evaluate(() => ({
    xss: (window as unknown as { __xss?: unknown }).__xss,
    elements: document.querySelectorAll('script:not([src]), [onerror], [onload], iframe, object, embed').length,
  }));
}
