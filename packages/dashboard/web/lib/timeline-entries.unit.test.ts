import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { SagaStep } from '../api/queries.ts';
import { collapseRetries, kindCounts, singleEntries } from './timeline-entries.ts';

const test = suite('timeline: collapsing retries and counting kinds');

let seq = 0;
const step = (kind: SagaStep['kind'], detail: Record<string, unknown> = {}): SagaStep => ({
  seq: String(++seq),
  kind,
  detail,
  position: null,
  actor: null,
  at: new Date(seq * 1000).toISOString(),
});
const failed = (commandId: string, error: string, extra: Record<string, unknown> = {}) =>
  step('error', { type: 'RequestPayment', commandId, error, transient: true, ...extra });

test('consecutive failed attempts of one command with the same error fold into one entry', () => {
  const steps = [
    step('event', { type: 'OrderCreated' }),
    failed('c1', 'busy', { attempt: 1 }),
    failed('c1', 'busy', { attempt: 2 }),
    failed('c1', 'busy', { attempt: 3 }),
    step('command', { commandId: 'c1', outcome: 'done' }),
  ];
  const entries = collapseRetries(steps);
  assert.equal(
    entries.map((e) => [e.step.kind, e.steps.length]),
    [
      ['event', 1],
      ['error', 3],
      ['command', 1],
    ],
  );
  assert.equal(entries[1]!.step, steps[1], "the entry's own step is the first attempt");
  assert.equal(entries[1]!.steps, steps.slice(1, 4), 'every attempt kept, oldest first');
});

test('another command, another error or the attempt that parked stays its own entry', () => {
  const steps = [
    failed('c1', 'busy'),
    failed('c2', 'busy'),
    failed('c2', 'refused'),
    failed('c2', 'refused', { parked: true }),
    failed('c2', 'refused'),
  ];
  assert.equal(
    collapseRetries(steps).map((e) => e.steps.length),
    [1, 1, 1, 1, 1],
  );
  assert.equal(collapseRetries([]), []);
});

test('attempts fold across unrelated steps between them; the outcome or an operator ends the run', () => {
  const across = [failed('c1', 'busy'), step('timer-set', { name: 't' }), failed('c1', 'busy')];
  assert.equal(
    collapseRetries(across).map((e) => [e.step.kind, e.steps.length]),
    [
      ['error', 2],
      ['timer-set', 1],
    ],
  );
  const ended = [
    failed('c1', 'busy'),
    step('command', { commandId: 'c1', outcome: 'failed' }),
    failed('c1', 'busy'),
    step('operator', { action: 'retry' }),
    failed('c1', 'busy'),
  ];
  assert.equal(
    collapseRetries(ended).map((e) => e.steps.length),
    [1, 1, 1, 1, 1],
  );
  const interleaved = [failed('a', 'x'), failed('b', 'x'), failed('a', 'x'), failed('b', 'x')];
  assert.equal(
    collapseRetries(interleaved).map((e) => [
      (e.step.detail as { commandId: string }).commandId,
      e.steps.length,
    ]),
    [
      ['a', 2],
      ['b', 2],
    ],
  );
});

test('singleEntries keeps every step; kindCounts counts them in first-seen order', () => {
  const steps = [step('event'), failed('c', 'e'), failed('c', 'e'), step('event'), step('decision')];
  assert.equal(
    singleEntries(steps).map((e) => e.steps),
    steps.map((s) => [s]),
  );
  assert.equal(kindCounts(steps), [
    { kind: 'event', count: 2 },
    { kind: 'error', count: 2 },
    { kind: 'decision', count: 1 },
  ]);
});

test.run();
