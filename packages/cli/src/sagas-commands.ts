/* eslint-disable no-console -- command output for the operator (stdout), not runtime logs */
import type { Command } from 'commander';
import type { Knex } from 'knex';
import { parseDurationSeconds as duration } from './duration.ts';
import { EXIT } from './exit-codes.ts';
import { int } from './option-values.ts';
import type { SagaBatchOptions } from './sagas-batch.ts';

/**
 * Adds `orderflow sagas list|show|retry|compensate|abort` to `program`: inspect sagas, and act
 * on one by id or on each saga of a filter (see `sagas.ts`, `sagas-batch.ts`). `withConnection`
 * runs a command's work on a database connection.
 */
export function addSagaCommands(
  program: Command,
  withConnection: (work: (db: Knex) => Promise<unknown>) => Promise<void>,
): void {
  const sagasCommand = program
    .command('sagas')
    .description('inspect saga instances (process managers) and act on stuck ones');
  const sagas = () => import('./sagas.ts');
  sagasCommand
    .command('list')
    .description('sagas, newest first')
    .option('--status <status>', 'running, compensating, completed, compensated, parked or aborted')
    .option('--type <name>', 'the process manager, e.g. order-fulfillment')
    .option('--stuck-for <seconds>', 'open sagas unchanged for at least this long', int('--stuck-for', 0))
    .option('--search <value>', 'a saga, order or customer id, or a SKU')
    .option('--limit <n>', 'most sagas to print', int('--limit', 1), 50)
    .option('--json', 'print JSON: { sagas, total }')
    .action(async (options) => {
      const { listSagasCommand } = await sagas();
      await withConnection((db) => listSagasCommand(db, options));
    });
  sagasCommand
    .command('show <id>')
    .description(
      'a saga: state, commands, timers and its step log as a timeline (id: <saga>:<orderId> or the order id)',
    )
    .option('--json', 'print the saga as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const { showSagaCommand } = await sagas();
      await withConnection((db) => showSagaCommand(db, id, undefined, options));
    });
  for (const [action, description] of [
    ['retry', 're-queue the failed and held commands of a parked saga'],
    ['compensate', 'force compensation: release stock, void the payment, cancel the order'],
    ['abort', 'stop a saga for good, sending nothing more (its effects stay as they are)'],
  ] as const) {
    const actionCommand = sagasCommand
      .command(`${action} [id]`)
      .description(
        `${description}; one saga by id, or each saga of a filter (at most 1000); recorded in the step log as cli:$USER`,
      )
      .option('--reason <text>', 'why, for the step log')
      .option('--status <status>', 'filter: sagas in this status, e.g. PARKED')
      .option(
        '--older-than <duration>',
        'filter: no change for at least this long (30s, 10m, 2h, 1d)',
        duration,
      )
      .option('--type <name>', 'filter: sagas of this process manager')
      .option('--search <value>', 'filter: a saga, order or customer id, or a SKU')
      .option('--dry-run', 'with a filter: count and list the sagas, change nothing')
      .option('--json', 'with a filter: print the result as JSON');
    const usage = (message: string) => actionCommand.error(message, { exitCode: EXIT.USAGE });
    actionCommand.action(async (id: string | undefined, options: SagaBatchOptions) => {
      const { hasBatchFilter, sagaBatchCommand } = await import('./sagas-batch.ts');
      if (id !== undefined && hasBatchFilter(options))
        usage('give either a saga id or filter options, not both');
      if (id === undefined) {
        if (!hasBatchFilter(options))
          usage('give a saga id, or filter options (--status, --older-than, --type, --search)');
        await withConnection(async (db) => {
          const result = await sagaBatchCommand(db, action, options, console.log);
          // Some sagas failed (they are listed): the batch as a whole did not succeed.
          if (result.failed > 0) process.exitCode = EXIT.FAILURE;
        });
        return;
      }
      if (options.dryRun || options.json) usage('--dry-run and --json go with a filter');
      const { sagaActionCommand } = await sagas();
      await withConnection((db) => sagaActionCommand(db, action, id, options));
    });
  }
}
