/**
 * The runtime's tables (created by `0501_processor_checkpoints`, see `migration.ts`) and its
 * notification channel.
 * - `processor_checkpoints(name, position, version, updated_at)`: per processor (or rebuild copy,
 *   `order-details:shadow`), the position of the last event its effects include;
 * - `processor_parked(processor, event_id, position, event_type, stream_name, error, attempts,
 *   parked_at)`: events a processor gave up on after its handler kept failing;
 * - `processor_skipped` (`0502_processor_skipped`): parked events an operator skipped, with
 *   actor, reason and skipped_at.
 */
export const PROCESSOR_CHECKPOINTS = 'processor_checkpoints';
export const PROCESSOR_PARKED = 'processor_parked';
export const PROCESSOR_SKIPPED = 'processor_skipped';

/** NOTIFY channel the runtime signals after it moved checkpoints (payload empty; coalesced). */
export const CHECKPOINTS_CHANNEL = 'orderflow_processor_checkpoints';
