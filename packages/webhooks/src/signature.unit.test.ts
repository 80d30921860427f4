import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'uvu';
import { generateSecret, signWebhook, verifyWebhook } from './signature.ts';

const secret = 'whsec_test-secret-0123456789abcdef';
const body = '{"schema":"orderflow.inventory.stock.low","data":{"sku":"MUG"}}';

test('the signature is sha256= and the hex HMAC-SHA256 of "<timestamp>.<body>" with the secret', () => {
  const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
  assert.equal(signWebhook(secret, 1_700_000_000, body), `sha256=${expected}`);
});

test('a genuine request within the tolerance passes; a changed body, secret, timestamp or a stale one does not', () => {
  const ts = 1_700_000_000;
  const signature = signWebhook(secret, ts, body);
  assert.equal(verifyWebhook(secret, { signature, timestamp: String(ts) }, body, ts + 10), null);
  assert.equal(verifyWebhook(secret, { signature, timestamp: String(ts) }, `${body} `, ts), 'BAD_SIGNATURE');
  assert.equal(verifyWebhook(`${secret}x`, { signature, timestamp: String(ts) }, body, ts), 'BAD_SIGNATURE');
  // A replay with a fresh timestamp header: the signature covers the timestamp, so it fails.
  assert.equal(
    verifyWebhook(secret, { signature, timestamp: String(ts + 600) }, body, ts + 600),
    'BAD_SIGNATURE',
  );
  assert.equal(
    verifyWebhook(secret, { signature, timestamp: String(ts) }, body, ts + 301),
    'STALE_TIMESTAMP',
  );
  assert.equal(verifyWebhook(secret, { timestamp: String(ts) }, body, ts), 'MISSING_HEADER');
  assert.equal(verifyWebhook(secret, { signature, timestamp: 'soon' }, body, ts), 'MISSING_HEADER');
});

test('generated secrets are whsec_ and 43 base64url characters, different each time', () => {
  const [a, b] = [generateSecret(), generateSecret()];
  assert.match(a, /^whsec_[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a, b);
});

test.run();
