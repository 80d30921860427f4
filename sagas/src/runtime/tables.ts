/**
 * Table names of the saga runtime: `saga_instances` (state and status per instance),
 * `saga_commands` (the outbox), `saga_checkpoints` (position in `$all` per process manager),
 * `saga_steps` (the step log), `saga_timers` (durable timers). See the migrations in `schema.ts`
 * and `migration-0102.ts`.
 */
export const SAGA_INSTANCES = 'saga_instances';
export const SAGA_COMMANDS = 'saga_commands';
export const SAGA_CHECKPOINTS = 'saga_checkpoints';
export const SAGA_STEPS = 'saga_steps';
export const SAGA_TIMERS = 'saga_timers';
