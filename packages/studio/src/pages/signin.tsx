/** Sign-in: paste a token (sent once as a bearer header; the answer sets an HttpOnly cookie). */
import { useState, type FormEvent } from 'react';
import type { PageProps } from '../router.js';
import { errorText } from '../ui/errors.js';
import { useTitle } from '../ui/use-title.js';

/** The sign-in page. */
export default function SignIn({ client, query, navigate }: PageProps) {
  useTitle('Sign in');
  const [token, setToken] = useState('');
  const [status, setStatus] = useState<{ text: string; error?: boolean } | null>(
    query.get('link') === 'invalid' ? { text: 'That sign-in link was already used or has expired. Run `cairn studio` for a new one, or paste a token.', error: true } : null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setStatus({ text: 'Signing in…' });
    try {
      await client.signIn(token.trim());
      setToken('');
      const next = query.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/');
    } catch (error) {
      setStatus({ text: errorText(error), error: true });
    }
  };
  return (
    <form className="signin" aria-labelledby="signin-title" onSubmit={(e) => void submit(e)}>
      <h1 id="signin-title">Sign in to Cairn</h1>
      <p>Paste a token (`cairn token create`), or run `cairn studio` for a one-time link.</p>
      <label htmlFor="token">Token</label>
      <input id="token" name="token" type="password" autoComplete="off" required spellCheck={false} data-autofocus value={token} onChange={(e) => setToken(e.target.value)} />
      <button type="submit">Sign in</button>
      <p role="status" aria-live="polite">{status?.error ? <span className="error" role="alert">{status.text}</span> : status?.text}</p>
    </form>
  );
}
