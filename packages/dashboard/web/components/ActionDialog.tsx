import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../api/errors.ts';
import { gql } from '../api/graphql.ts';
import { ACTION_MUTATIONS, type ActionResult, type SagaAction } from '../api/queries.ts';

/** What each action says before it is confirmed. */
const ACTIONS: Record<SagaAction, { title: string; explain: string; confirm: string }> = {
  retry: {
    title: 'Retry saga',
    explain: 'Sends the failed and held commands again with a fresh attempt budget.',
    confirm: 'Retry',
  },
  compensate: {
    title: 'Force compensation',
    explain:
      'Undoes what the saga did: releases stock, voids the payment and cancels the order. Failed commands stay failed.',
    confirm: 'Compensate',
  },
  abort: {
    title: 'Abort saga',
    explain:
      'Stops the saga for good and undoes nothing: reserved stock and payments stay as they are and must be settled by hand. A reason is required.',
    confirm: 'Abort',
  },
};

const MUTATION_FIELD = { retry: 'retrySaga', compensate: 'compensateSaga', abort: 'abortSaga' } as const;

/**
 * A modal confirmation of an operator action: asks for a reason (required to abort), runs the
 * mutation, then shows its result (the saga's new status, the commands queued) or its error.
 */
export function ActionDialog(props: {
  action: SagaAction;
  sagaId: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const { action, sagaId, onClose, onDone } = props;
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ActionResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const text = ACTIONS[action];
  const reasonRequired = action === 'abort';

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    if (reasonRequired && !reason.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const data = await gql<Record<string, ActionResult>>(ACTION_MUTATIONS[action], {
        id: sagaId,
        reason: reason.trim() || null,
      });
      setResult(data[MUTATION_FIELD[action]]!);
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError('NETWORK', String(e)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={dialog} className="action-dialog" onClose={onClose} aria-labelledby="action-title">
      <form onSubmit={confirm}>
        <h2 id="action-title">{text.title}</h2>
        <p className="mono">{sagaId}</p>
        <p>{text.explain}</p>
        {!result && (
          <label>
            Reason{reasonRequired ? ' (required)' : ' (optional)'}
            <textarea
              name="reason"
              value={reason}
              required={reasonRequired}
              rows={3}
              onChange={(e) => setReason(e.target.value)}
              placeholder="Why, for the saga's log"
            />
          </label>
        )}
        {result && (
          <p className="success" role="status" data-testid="action-result">
            Done: the saga is now {result.saga.status}
            {result.commandIds.length ? `; ${result.commandIds.length} command(s) queued` : ''}.
          </p>
        )}
        {error && (
          <p className="error" role="alert" data-testid="action-error">
            {error.code}: {error.message}
          </p>
        )}
        <div className="dialog-buttons">
          {!result && (
            <button
              type="submit"
              className={action === 'retry' ? '' : 'danger'}
              disabled={busy || (reasonRequired && !reason.trim())}
            >
              {busy ? 'Working…' : text.confirm}
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
