import { randomUUID } from 'node:crypto';
import { OrderflowError, validationFailed } from '@orderflow/core';
import type { Knex } from 'knex';
import { WEBHOOK_ENDPOINTS } from './migration.ts';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './payload.ts';
import { generateSecret } from './signature.ts';

/** A registered endpoint as listed (without its secret). */
export interface WebhookEndpoint {
  readonly id: string;
  readonly url: string;
  readonly eventTypes: readonly WebhookEventType[];
  readonly createdAt: Date;
}

/** True for a UUID's text form (ids of endpoints and deliveries); anything else cannot name a row. */
export const isUuid = (text: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);

/** Shortest secret accepted from the operator, characters (128 bits of base64). */
export const MIN_SECRET_LENGTH = 24;

/**
 * Registers an endpoint: `url` (http or https), the `eventTypes` it takes (default every one of
 * {@link WEBHOOK_EVENT_TYPES}) and its signing `secret` (default {@link generateSecret}). It gets
 * the alerts recorded from now on (older ones: `replayFrom`).
 * @returns the endpoint with its secret (shown once; `listEndpoints` does not show it).
 * @throws OrderflowError VALIDATION_FAILED (`details.field` url, events or secret); nothing is written.
 */
export async function registerEndpoint(
  db: Knex,
  input: { url: string; eventTypes?: readonly string[]; secret?: string },
): Promise<WebhookEndpoint & { secret: string }> {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw validationFailed(`url is not a URL: ${input.url}`, { field: 'url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw validationFailed('url must be http:// or https://', { field: 'url' });
  const eventTypes = input.eventTypes?.length ? [...new Set(input.eventTypes)] : [...WEBHOOK_EVENT_TYPES];
  const unknown = eventTypes.filter((t) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(t));
  if (unknown.length > 0)
    throw validationFailed(
      `unknown event types ${unknown.join(', ')}; known: ${WEBHOOK_EVENT_TYPES.join(', ')}`,
      {
        field: 'events',
      },
    );
  const secret = input.secret ?? generateSecret();
  if (secret.length < MIN_SECRET_LENGTH || secret.length > 200)
    throw validationFailed(`secret must be ${MIN_SECRET_LENGTH}..200 characters`, { field: 'secret' });
  const id = randomUUID();
  const [row] = await db(WEBHOOK_ENDPOINTS)
    .insert({ id, url: url.toString(), event_types: eventTypes, secret })
    .returning('created_at');
  return {
    id,
    url: url.toString(),
    eventTypes: eventTypes as WebhookEventType[],
    createdAt: (row as { created_at: Date }).created_at,
    secret,
  };
}

/** Every registered endpoint, oldest first. */
export async function listEndpoints(db: Knex): Promise<WebhookEndpoint[]> {
  const rows = await db(WEBHOOK_ENDPOINTS)
    .select('id', 'url', 'event_types', 'created_at')
    .orderBy('created_at');
  return rows.map((r) => ({ id: r.id, url: r.url, eventTypes: r.event_types, createdAt: r.created_at }));
}

/**
 * Removes an endpoint and its delivery log.
 * @throws OrderflowError NOT_FOUND for an unknown id.
 */
export async function removeEndpoint(db: Knex, id: string): Promise<void> {
  if (!isUuid(id) || (await db(WEBHOOK_ENDPOINTS).where({ id }).delete()) === 0)
    throw new OrderflowError('NOT_FOUND', `no webhook endpoint ${id}`, { id });
}
