import { useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ApiError, authMessage, isAuthCode } from '../api/errors.ts';
import { gql } from '../api/graphql.ts';
import { PROBE } from '../api/queries.ts';
import { storeAdminKey, takeLoginMessage } from '../api/session.ts';

/**
 * Asks for the admin key and checks it with one query before keeping it (sessionStorage):
 * an unknown key or a key without role admin stays here with the reason.
 */
export function LoginPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(
    () => (location.state as { message?: string } | null)?.message ?? takeLoginMessage(),
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      await gql(PROBE, {}, { key: key.trim(), redirectOnAuthError: false });
      storeAdminKey(key.trim());
      const from = (location.state as { from?: string } | null)?.from;
      navigate(from && from !== '/login' ? from : '/', { replace: true });
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError('NETWORK', String(e));
      setMessage(isAuthCode(error.code) ? authMessage(error.code) : `${error.code}: ${error.message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login-page">
      <form className="login" onSubmit={submit}>
        <h1>Orderflow sagas</h1>
        <p>The saga dashboard needs an admin key.</p>
        <label>
          Admin key
          <input
            name="key"
            type="password"
            autoComplete="current-password"
            value={key}
            required
            autoFocus
            onChange={(e) => setKey(e.target.value)}
          />
        </label>
        {message && (
          <p className="error" role="alert" data-testid="login-error">
            {message}
          </p>
        )}
        <button type="submit" disabled={busy || !key.trim()}>
          {busy ? 'Checking…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
