/** The `sagasBatch` mutation of the list's batch panel and what it returns (saga-batch-schema.ts). */
import type * as Schema from './schema.generated.ts';

/** A batch action (the schema's `SagaBatchAction`). */
export type BatchAction = Schema.SagaBatchAction;

/** How the action went for one saga. */
export type BatchItem = Schema.SagaBatchItem;

/** What `sagasBatch` returns. */
export type BatchResult = Schema.SagaBatchResult;

/** Most sagas one batch may act on (the API's bound). */
export const MAX_BATCH = 1000;

export const SAGAS_BATCH = /* GraphQL */ `
  mutation SagasBatch(
    $action: SagaBatchAction!
    $filter: SagaBatchFilter!
    $dryRun: Boolean
    $reason: String
  ) {
    sagasBatch(action: $action, filter: $filter, dryRun: $dryRun, reason: $reason) {
      action
      dryRun
      actor
      matched
      ids
      succeeded
      failed
      results {
        id
        ok
        status
        code
        message
        commandIds
      }
    }
  }
`;
