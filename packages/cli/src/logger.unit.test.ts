import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import { prettyLogs } from './logger.ts';

test('auto: text in a terminal outside production, JSON when collected or in production', () => {
  assert.equal(prettyLogs({ LOG_FORMAT: 'auto', NODE_ENV: 'development' }, true), true);
  assert.equal(prettyLogs({ LOG_FORMAT: 'auto', NODE_ENV: 'development' }, false), false);
  assert.equal(prettyLogs({ LOG_FORMAT: 'auto', NODE_ENV: 'production' }, true), false);
});

test('json and pretty force one format', () => {
  assert.equal(prettyLogs({ LOG_FORMAT: 'json', NODE_ENV: 'development' }, true), false);
  assert.equal(prettyLogs({ LOG_FORMAT: 'pretty', NODE_ENV: 'production' }, false), true);
});

test.run();
