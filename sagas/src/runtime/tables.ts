/**
 * Table names of the saga runtime: `saga_instances` (state and status per instance),
 * `saga_commands` (the outbox), `saga_steps` (the step log), `saga_timers` (durable timers),
 * `saga_search_keys` (the values an operator finds an instance by). See the migrations in
 * `schema.ts` and `migration-0102.ts` … `migration-0105.ts`. A process manager's position in
 * `$all` is its checkpoint in the runtime's `processor_checkpoints` (`@orderflow/consumer`).
 */
export const SAGA_INSTANCES = 'saga_instances';
export const SAGA_COMMANDS = 'saga_commands';
export const SAGA_STEPS = 'saga_steps';
export const SAGA_TIMERS = 'saga_timers';
export const SAGA_SEARCH_KEYS = 'saga_search_keys';
