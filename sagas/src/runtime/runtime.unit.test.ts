import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import { input } from '../testing/specification.ts';
import { advance, diffTimers, nextStatus, type InstanceRecord } from './advance.ts';
import type { ProcessManager } from './process-manager.ts';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, permanentCode } from './retry.ts';
import type { InputStep } from './steps.ts';

/** A counter saga: `Add` adds `data.n` and sends `Note`; it completes at 3 and compensates on `Undo`. */
type Counter = { n: number; undone: boolean };
const counter: ProcessManager<Counter> = {
  name: 'counter',
  eventTypes: ['Add', 'Undo'],
  correlate: () => 'c-1',
  decide: (i, s) =>
    i.type === 'Add' ? [{ type: 'Note', data: { total: (s?.n ?? 0) + Number(i.data.n) } }] : [],
  evolve: (s, i) =>
    i.type === 'Add' ? { n: (s?.n ?? 0) + Number(i.data.n), undone: false } : s && { ...s, undone: true },
  status: (s) => (s.undone ? 'compensating' : s.n >= 3 ? 'completed' : 'running'),
};
const step: InputStep = {
  kind: 'event',
  detail: {
    type: 'Add',
    eventId: 'e-1',
    stream: 'counter-1',
    revision: '0',
    recordedAt: '2026-11-20T10:00:00.000Z',
  },
  actor: null,
};
const record = (status: InstanceRecord<Counter>['status'], n = 1): InstanceRecord<Counter> => ({
  instanceId: 'c-1',
  state: { n, undone: false },
  status,
  position: 1n,
  error: status === 'parked' ? 'Note failed: boom' : null,
  failedCommandId: status === 'parked' ? 'f-1' : null,
});

test('advance: folds, decides with deterministic ids, and logs the input and the decision', () => {
  const add = input('Add', { n: 1 });
  const first = advance(counter, 'c-1', null, add, step)!;
  assert.equal(first.record.status, 'running');
  assert.equal(first.commands.length, 1);
  assert.equal(
    first.commands[0]!.commandId,
    advance(counter, 'c-1', null, add, step)!.commands[0]!.commandId,
  );
  assert.deepEqual(
    first.steps.map((s) => s.kind),
    ['event', 'decision'],
  );
  const decision = first.steps[1]!;
  assert.ok(decision.kind === 'decision');
  assert.equal(decision.detail.statusBefore, null);
  assert.equal(advance(counter, 'c-1', null, input('Undo', {}), step), null, 'Undo starts nothing');
});

test('advance: a parked instance holds new commands and stays parked until terminal; aborted decides nothing', () => {
  const parked = advance(counter, 'c-1', record('parked'), input('Add', { n: 1 }), step)!;
  assert.equal(parked.record.status, 'parked');
  assert.equal(parked.record.error, 'Note failed: boom');
  assert.ok(parked.commands.every((c) => c.held));
  const done = advance(counter, 'c-1', record('parked', 2), input('Add', { n: 1 }), step)!;
  assert.equal(done.record.status, 'completed');
  assert.equal(done.record.error, null);
  const aborted = advance(counter, 'c-1', record('aborted'), input('Add', { n: 1 }), step)!;
  assert.deepEqual(
    [aborted.record.status, aborted.commands.length, aborted.record.state.n],
    ['aborted', 0, 2],
  );
  assert.deepEqual(
    aborted.steps.map((s) => s.kind),
    ['event'],
  );
});

test('nextStatus: parked and aborted are sticky; a process status otherwise wins', () => {
  assert.equal(nextStatus('running', 'compensating'), 'compensating');
  assert.equal(nextStatus('parked', 'compensating'), 'parked');
  assert.equal(nextStatus('parked', 'compensated'), 'compensated');
  assert.equal(nextStatus('aborted', 'completed'), 'aborted');
});

test('diffTimers: arms new names, re-arms moved ones, cancels unwanted open ones, never re-arms fired ones', () => {
  const due = new Date('2026-01-01T00:00:00Z');
  const later = new Date('2026-01-01T00:05:00Z');
  const want = (name: string, dueAt = due) => ({ name, dueAt, input: { type: 'T', data: {} } });
  const result = diffTimers(
    [want('new'), want('moved', later), want('same'), want('fired')],
    [
      { name: 'moved', dueAt: due, open: true },
      { name: 'same', dueAt: due, open: true },
      { name: 'fired', dueAt: due, open: false },
      { name: 'stale', dueAt: due, open: true },
    ],
  );
  assert.deepEqual(
    result.arm.map((t) => t.name),
    ['new', 'moved'],
  );
  assert.deepEqual(result.cancel, ['stale']);
});

test('backoff: full jitter within [0, min(cap, base·2^(n−1))), never above the cap', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
  assert.equal(
    backoffDelayMs(1, policy, () => 0.999),
    99,
  );
  assert.equal(
    backoffDelayMs(3, policy, () => 0.5),
    200,
  );
  assert.equal(
    backoffDelayMs(20, policy, () => 0.999),
    999,
  );
  assert.equal(
    backoffDelayMs(4, policy, () => 0),
    0,
  );
});

test('permanent refusals are told apart from transient failures by their code', () => {
  assert.equal(permanentCode({ code: 'INVALID_STATE' }), 'INVALID_STATE');
  assert.equal(permanentCode({ code: 'CONCURRENCY_CONFLICT' }), null);
  assert.equal(permanentCode(Object.assign(new Error('reset'), { code: 'ECONNRESET' })), null);
});

test.run();
