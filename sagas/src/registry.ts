import { orderFulfillment } from './order-fulfillment/index.ts';
import { returns } from './returns/index.ts';
import type { ProcessManager } from './runtime/process-manager.ts';

/** Process managers by name, for the operator actions (which need `decide`, `status`, …). */
export type ProcessManagerRegistry = ReadonlyMap<string, ProcessManager<any>>;

/**
 * Every process manager of this release. Their configuration (e.g. the payment timeout) does
 * not matter to operator actions: it lives in each instance's state once decided.
 */
export const processManagers: ProcessManagerRegistry = new Map<string, ProcessManager<any>>([
  [orderFulfillment.name, orderFulfillment],
  [returns.name, returns],
]);
