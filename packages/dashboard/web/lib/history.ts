import { gql } from '../api/graphql.ts';
import { STEPS_PAGE, type SagaDetail, type SagaStep } from '../api/queries.ts';

/** The saga with its state, commands and timers, and one page of its step log after a cursor. */
const HISTORY = /* GraphQL */ `
  query SagaHistory($id: ID!, $after: String) {
    saga(id: $id) {
      id type instanceId orderId status error failedCommandId position state
      createdAt updatedAt endedAt
      commands { commandId type data status attempts lastError createdAt updatedAt }
      timers { name dueAt input firedAt cancelledAt }
      steps(first: ${STEPS_PAGE}, after: $after) {
        totalCount
        edges { node { seq kind detail position actor at } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }`;

type HistoryPage = {
  saga:
    | (Omit<SagaDetail, 'steps'> & {
        steps: {
          totalCount: number;
          edges: Array<{ node: SagaStep }>;
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      })
    | null;
};

/** A saga's whole history as a JSON document: the saga as it is now and every step it logged. */
export interface SagaHistory {
  /** When the document was made (ISO 8601). */
  readonly exportedAt: string;
  readonly saga: Omit<SagaDetail, 'steps'>;
  /** The whole step log, oldest first (every page of `steps`). */
  readonly steps: readonly SagaStep[];
}

/**
 * Reads saga `id` with every page of its step log.
 * @throws ApiError as {@link gql}; NOT_FOUND when the saga does not exist.
 */
export async function loadSagaHistory(id: string): Promise<SagaHistory> {
  const steps: SagaStep[] = [];
  let after: string | null = null;
  for (;;) {
    const page: HistoryPage = await gql<HistoryPage>(HISTORY, { id, after });
    if (!page.saga) throw Object.assign(new Error(`no saga ${id}`), { code: 'NOT_FOUND' });
    const { steps: stepPage, ...saga } = page.saga;
    steps.push(...stepPage.edges.map((e) => e.node));
    if (!stepPage.pageInfo.hasNextPage || !stepPage.pageInfo.endCursor)
      return { exportedAt: new Date().toISOString(), saga, steps };
    after = stepPage.pageInfo.endCursor;
  }
}

/** The file name of a saga's history: `saga-<type>-<instance id>.json`, safe on every OS. */
export const historyFileName = (sagaId: string): string =>
  `saga-${sagaId.replace(/[^A-Za-z0-9._-]+/g, '-')}.json`;

/** Makes the browser save `value` as a JSON file called `fileName`. */
export function downloadJson(fileName: string, value: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the click; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
