import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../api/errors.ts';

/** One operator action of the Projections page, described for its confirmation. */
export interface ConsoleAction {
  readonly title: string;
  /** What it does, in the operator's terms. */
  readonly explain: string;
  readonly confirm: string;
  /** Asks for a reason (required) and passes it to `run`. */
  readonly needsReason: boolean;
  readonly danger: boolean;
  /** Runs it; resolves with what to show on success. */
  run(reason: string): Promise<string>;
}

/**
 * A modal confirmation of a Projections-page action (retry, skip, rebuild): asks for a reason
 * when the action needs one, runs it, then shows its outcome or its error.
 */
export function ConsoleDialog({ action, onClose }: { action: ConsoleAction; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  const missingReason = action.needsReason && !reason.trim();
  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    if (missingReason) return;
    setBusy(true);
    setError(null);
    try {
      setResult(await action.run(reason.trim()));
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError('NETWORK', String(e)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <dialog ref={dialog} className="action-dialog" onClose={onClose} aria-labelledby="console-title">
      <form onSubmit={confirm}>
        <h2 id="console-title">{action.title}</h2>
        <p>{action.explain}</p>
        {action.needsReason && !result && (
          <label>
            Reason (required)
            <textarea
              name="reason"
              value={reason}
              required
              rows={3}
              onChange={(e) => setReason(e.target.value)}
              placeholder="Why, for the record"
            />
          </label>
        )}
        {result && (
          <p className="success" role="status" data-testid="console-result">
            {result}
          </p>
        )}
        {error && (
          <p className="error" role="alert" data-testid="console-error">
            {error.code}: {error.message}
          </p>
        )}
        <div className="dialog-buttons">
          {!result && (
            <button type="submit" className={action.danger ? 'danger' : ''} disabled={busy || missingReason}>
              {busy ? 'Working…' : action.confirm}
            </button>
          )}
          <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
            {result ? 'Close' : 'Cancel'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
