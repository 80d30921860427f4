import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import { parseThemeChoice, resolveTheme } from './theme.ts';

test('a stored choice is light, dark or else the system', () => {
  assert.equal(parseThemeChoice('light'), 'light');
  assert.equal(parseThemeChoice('dark'), 'dark');
  assert.equal(parseThemeChoice(null), 'system');
  assert.equal(parseThemeChoice('DARK'), 'system', 'corrupted storage falls back to the system');
});

test('system follows prefers-color-scheme; light and dark override it', () => {
  assert.equal(resolveTheme('system', true), 'dark');
  assert.equal(resolveTheme('system', false), 'light');
  assert.equal(resolveTheme('light', true), 'light');
  assert.equal(resolveTheme('dark', false), 'dark');
});

test.run();
