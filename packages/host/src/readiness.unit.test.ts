import * as assert from 'node:assert/strict';
import { pino } from 'pino';
import { test } from 'uvu';
import { readinessOf } from './readiness.ts';
import { parseRoles } from './roles/role-name.ts';
import { roleStatusOf, type RoleProcessorStatus } from './roles/role-status.ts';
import { superviseRole } from './roles/supervise.ts';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);
const processor = (name: string, state: RoleProcessorStatus['state'], since = at(0), lastError = null) => ({
  name,
  state,
  since,
  lastError,
});

test('parseRoles: comma-separated and repeated values, in the canonical order; none means all', () => {
  assert.deepEqual(parseRoles(['saga,api', 'projector']), ['api', 'projector', 'saga']);
  assert.deepEqual(parseRoles([]), ['api', 'projector', 'saga', 'relay', 'simulator', 'webhooks']);
  assert.throws(() => parseRoles(['api,worker']), /unknown role "worker"; roles are api, projector/);
});

test('a role is retrying when any processor is, standby when all are, else running', () => {
  const retrying = roleStatusOf(
    'projector',
    [processor('a', 'running'), { ...processor('b', 'retrying', at(5)), lastError: 'db away' }],
    at(0),
  );
  assert.equal(retrying.state, 'retrying');
  assert.equal(retrying.error, 'db away');
  assert.deepEqual(retrying.since, at(5));
  assert.equal(roleStatusOf('saga', [processor('s', 'standby')], at(0)).state, 'standby');
  assert.equal(
    roleStatusOf('projector', [processor('a', 'standby'), processor('b', 'catching-up')], at(0)).state,
    'running',
  );
});

test('/ready: 503 only once a role has been neither running nor standby for longer than the grace', () => {
  const retrying = roleStatusOf('relay', [processor('r', 'retrying', at(0))], at(0));
  const standby = roleStatusOf('saga', [processor('s', 'standby', at(0))], at(0));
  assert.equal(readinessOf([retrying, standby], 10_000, at(9_000)).ready, true, 'within the grace');
  const late = readinessOf([retrying, standby], 10_000, at(11_000));
  assert.equal(late.ready, false);
  assert.deepEqual(
    late.roles.map((r: any) => [r.role, r.state, r.since]),
    [
      ['relay', 'retrying', at(0).toISOString()],
      ['saga', 'standby', at(0).toISOString()],
    ],
  );
});

test('a role whose start fails is retrying with the error, and running once a start succeeds', async () => {
  let attempts = 0;
  const role = await superviseRole(
    'relay',
    async () => {
      if (++attempts < 3) throw new Error(`brokers away (${attempts})`);
      return {
        processors: () => [processor('relay', 'running')],
        statuses: () => [],
        stop: async () => undefined,
      };
    },
    pino({ level: 'silent' }),
  );
  try {
    const first = role.status();
    assert.equal(first.state, 'retrying');
    assert.match(first.error ?? '', /brokers away/);
    const deadline = Date.now() + 5000;
    while (role.status().state !== 'running' && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(role.status().state, 'running');
    assert.equal(attempts, 3);
  } finally {
    await role.stop();
  }
  assert.equal(role.status().state, 'stopped');
});

test.run();
