import type { Command, CommandMetadata, CommandRunner } from '@orderflow/core';
import type { CommandSender, SagaCommand } from './process-manager.ts';

/** Each command type's `data`, by type, of a process manager's command union `C`. */
export type CommandDataOf<C extends Command> = { [K in C as K['type']]: K['data'] };

/** How each command type of `C` reaches its aggregate: the decider and stream, typed by the command. */
export type CommandRoutes<C extends Command> = {
  [T in keyof CommandDataOf<C>]: (
    run: CommandRunner,
    data: CommandDataOf<C>[T],
    metadata: CommandMetadata,
  ) => Promise<unknown>;
};

/**
 * A process manager's {@link CommandSender}: each command goes through `routes` to its aggregate
 * on the (cached) command handler `run`, with the command id as causation (event ids derive from
 * it, so a resent command appends nothing twice) and `correlationOf(data)` as correlation id.
 * @throws Error for a command type no route handles (an outbox row written by another release).
 */
export function routedSender<C extends Command>(
  run: CommandRunner,
  routes: CommandRoutes<C>,
  correlationOf: (data: C['data']) => string,
): CommandSender<C> {
  return async (command: SagaCommand<C>) => {
    const type = command.type as keyof CommandDataOf<C>;
    if (!Object.hasOwn(routes, type)) throw new Error(`no aggregate handles ${String(type)}`);
    const send = routes[type] as (
      run: CommandRunner,
      data: C['data'],
      metadata: CommandMetadata,
    ) => Promise<unknown>;
    await send(run, command.data, {
      commandId: command.commandId,
      correlationId: correlationOf(command.data),
    });
  };
}
