/**
 * The GraphQL operations of the Projections page (packages/api/src/graphql/processor-schema.ts)
 * and the shapes they return. Positions are decimal strings; times ISO 8601.
 */
import type * as Schema from './schema.generated.ts';

/** A rebuild job as the page shows it. */
export type RebuildRow = Pick<
  Schema.RebuildJob,
  | 'id'
  | 'projection'
  | 'state'
  | 'events'
  | 'position'
  | 'head'
  | 'percent'
  | 'error'
  | 'errorCode'
  | 'finishedAt'
>;

/** A processor as the table shows it. */
export type ProcessorRow = Omit<Schema.Processor, 'rebuild' | 'since' | 'version' | 'store'> & {
  readonly rebuild: RebuildRow | null;
};

/** A parked event as the page lists it. */
export type ParkedRow = Schema.ParkedEvent;

const JOB_FIELDS = 'id projection state events position head percent error errorCode finishedAt';

/** Every processor and every parked event, in one request (polled). */
export const PROJECTIONS_PAGE = /* GraphQL */ `
  query ProjectionsPage {
    processors {
      name
      kind
      state
      checkpoint
      lagPositions
      lagEvents
      lagSeconds
      eventsPerSecond
      parked
      lastError
      rebuildable
      rebuild { ${JOB_FIELDS} }
    }
    parkedEvents {
      projection
      eventId
      position
      eventType
      streamName
      error
      attempts
      parkedAt
    }
  }
`;

/** What {@link PROJECTIONS_PAGE} returns. */
export interface ProjectionsPage {
  readonly processors: readonly ProcessorRow[];
  readonly parkedEvents: readonly ParkedRow[];
}

/** Applies a parked event of a Postgres read model again. */
export const RETRY_PARKED = /* GraphQL */ `
  mutation RetryParked($projection: String!, $eventId: ID!) {
    retryParkedEvent(projection: $projection, eventId: $eventId) {
      eventId
      applied
      error
    }
  }
`;

/** Skips a parked event for good, with a reason. */
export const SKIP_PARKED = /* GraphQL */ `
  mutation SkipParked($projection: String!, $eventId: ID!, $reason: String!) {
    skipParkedEvent(projection: $projection, eventId: $eventId, reason: $reason) {
      eventId
      actor
      reason
    }
  }
`;

/** Starts a blue-green rebuild of a read model on the server. */
export const START_REBUILD = /* GraphQL */ `
  mutation StartRebuild($projection: String!) {
    rebuildProjection(projection: $projection) { ${JOB_FIELDS} }
  }
`;

/** A job's progress: as it is now, then after each batch, until DONE or FAILED. */
export const REBUILD_PROGRESS = /* GraphQL */ `
  subscription RebuildProgress($id: ID!) {
    rebuildProgress(id: $id) { ${JOB_FIELDS} }
  }
`;

/** What {@link REBUILD_PROGRESS} pushes. */
export interface RebuildPush {
  readonly rebuildProgress: RebuildRow;
}
