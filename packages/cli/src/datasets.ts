/* eslint-disable no-console -- command output for the operator (stdout/stderr), not runtime logs */
import { loadConfig } from '@orderflow/host';
import { fetchDirectory, fetchOnlineRetail } from '@orderflow/fixtures';
import cliProgress from 'cli-progress';
import { toJson } from './json-output.ts';

/** Options of `orderflow datasets fetch online-retail` as commander parses them. */
export interface FetchCommandOptions {
  /** The folder for the workbook; default ORDERFLOW_DATA_DIR/datasets/online-retail. */
  to?: string;
  /** Another address of the archive (a mirror). */
  url?: string;
  /** The archive's sha256 to insist on. */
  sha256?: string;
  json?: boolean;
}

/**
 * `orderflow datasets fetch online-retail`: downloads and unzips the UCI archive into the
 * fetch folder, where `orderflow load online-retail` finds it, with a progress bar on a
 * terminal (stderr). Prints where the workbook is, its size, rows and the archive's sha256
 * (`--json`: as one object).
 *
 * @throws Error "could not download …" (exit 1) with where to get the file by hand when offline.
 */
export async function fetchDatasetCommand(options: FetchCommandOptions): Promise<void> {
  const to = options.to ?? fetchDirectory(loadConfig().ORDERFLOW_DATA_DIR);
  const bar = new cliProgress.SingleBar(
    { format: 'online-retail {bar} {percentage}% | {value}/{total} bytes', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  if (!options.json) console.error(`fetching ${options.url ?? 'the UCI Online Retail archive'} into ${to}`);
  try {
    const outcome = await fetchOnlineRetail({
      to,
      ...(options.url !== undefined && { url: options.url }),
      ...(options.sha256 !== undefined && { sha256: options.sha256 }),
      onProgress: (received, total) => {
        if (!started) bar.start(total ?? 0, 0);
        started = true;
        if (total === null) bar.setTotal(received);
        bar.update(received);
      },
    });
    if (started) bar.stop();
    if (options.json) {
      console.log(toJson(outcome));
      return;
    }
    console.log(`${outcome.path}: ${outcome.bytes} bytes, ${outcome.rows} rows (the published count)`);
    console.log(`archive: ${outcome.archiveBytes} bytes, sha256 ${outcome.archiveSha256}`);
    console.log('load it: orderflow load online-retail (it looks here first) or --file with that path');
  } finally {
    if (started) bar.stop();
  }
}
