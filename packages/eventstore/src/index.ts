export * from './event-store.ts';
export * from './errors.ts';
export type { AppendResult, ExpectedRevision, ReadStreamOptions, StreamStore } from '@orderflow/core';
export * from './upcast.ts';
export * from './validate.ts';
export * from './event-search.ts';
