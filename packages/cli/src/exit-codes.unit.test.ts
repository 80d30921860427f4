import * as assert from 'node:assert/strict';
import { OrderflowError } from '@orderflow/core';
import { CommanderError } from 'commander';
import { test } from 'uvu';
import { EXIT, exitCodeOf } from './exit-codes.ts';

test('usage errors exit 2, help and --version 0', () => {
  assert.equal(
    exitCodeOf(new CommanderError(1, 'commander.unknownCommand', "unknown command 'x'")),
    EXIT.USAGE,
  );
  assert.equal(exitCodeOf(new CommanderError(0, 'commander.version', '0.1.0')), EXIT.OK);
  assert.equal(exitCodeOf(new OrderflowError('VALIDATION_FAILED', 'bad status')), EXIT.USAGE);
});

test('not found and refused in this state exit 3', () => {
  assert.equal(exitCodeOf(new OrderflowError('NOT_FOUND', 'saga x does not exist')), EXIT.REFUSED);
  assert.equal(exitCodeOf(new OrderflowError('INVALID_STATE', 'not parked')), EXIT.REFUSED);
});

test('anything else is a failure, exit 1', () => {
  assert.equal(exitCodeOf(new Error('connect ECONNREFUSED 127.0.0.1:5432')), EXIT.FAILURE);
  assert.equal(exitCodeOf(new OrderflowError('INTERNAL', 'boom')), EXIT.FAILURE);
  assert.equal(exitCodeOf('a string'), EXIT.FAILURE);
});

test.run();
