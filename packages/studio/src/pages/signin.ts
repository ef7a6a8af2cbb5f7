/** Sign-in: paste a token (sent once as a bearer header; the answer sets an HttpOnly cookie). */
import type { Page, PageContext } from '../router.js';
import { h, replace } from '../ui/dom.js';
import { errorText } from '../ui/errors.js';

/** The sign-in page. */
export default function signIn(ctx: PageContext): Page {
  const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false', 'data-autofocus': true });
  const status = h('p', { role: 'status', 'aria-live': 'polite' });
  if (ctx.query.get('link') === 'invalid') replace(status, h('span', { class: 'error' }, 'That sign-in link was already used or has expired. Run `cairn studio` for a new one, or paste a token.'));
  const form = h('form', { class: 'signin', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'Sign in to Cairn'),
    h('p', {}, 'Paste a token (`cairn token create`), or run `cairn studio` for a one-time link.'),
    h('label', { for: 'token' }, 'Token'), input,
    h('button', { type: 'submit' }, 'Sign in'), status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(status, 'Signing in…');
    try {
      await ctx.client.signIn(input.value.trim());
      input.value = '';
      const next = ctx.query.get('next');
      ctx.navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/');
    } catch (error) {
      replace(status, h('span', { class: 'error', role: 'alert' }, errorText(error)));
    }
  });
  return { title: 'Sign in', el: form };
}
