import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { defaultDatasetPath, fetchOnlineRetail, readOnlineRetail, type RawRow } from '@orderflow/fixtures';
import { suite } from 'uvu';
import yazl from 'yazl';
import { runCli } from './testing/index.ts';

const SHARED = defaultDatasetPath();
const test = suite<{ dir: string; server?: Server }>('orderflow datasets fetch online-retail', { dir: '' });
test.before.each(async (ctx) => {
  ctx.dir = await mkdtemp(join(tmpdir(), 'orderflow-datasets-'));
});
test.after.each(async (ctx) => {
  ctx.server?.close();
  await rm(ctx.dir, { recursive: true, force: true });
});

/** A port nothing listens on: one the system just gave out and that was closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The UCI archive in small: `Online Retail.xlsx` with the dataset's first `n` rows. */
async function smallArchive(n: number): Promise<{ zip: Buffer; rows: RawRow[] }> {
  const rows: RawRow[] = [];
  for await (const row of readOnlineRetail(SHARED)) if (rows.push(row) === n) break;
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Online Retail');
  sheet.addRow([
    'InvoiceNo',
    'StockCode',
    'Description',
    'Quantity',
    'InvoiceDate',
    'UnitPrice',
    'CustomerID',
    'Country',
  ]);
  for (const r of rows) {
    const [y, mo, d, h, mi] = r.invoiceDate.split(/[- :]/).map(Number) as number[];
    sheet.addRow([
      r.invoiceNo,
      r.stockCode,
      r.description,
      r.quantity,
      new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!)),
      Number(r.unitPrice),
      r.customerId === null ? null : Number(r.customerId),
      r.country,
    ]);
  }
  const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
  const zip = new yazl.ZipFile();
  zip.addBuffer(xlsx, 'Online Retail.xlsx');
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return { zip: Buffer.concat(chunks), rows };
}

/** Serves `body` at /online+retail.zip (404 elsewhere) on 127.0.0.1; returns the URL. */
async function serve(ctx: { server?: Server }, body: Buffer): Promise<string> {
  const server = (ctx.server = createServer((request, response) => {
    if (request.url !== '/online+retail.zip') return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'application/zip', 'content-length': body.length }).end(body);
  }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/online+retail.zip`;
}

test('offline: exit 1 with "could not download", where to get the file and --file; nothing left behind', async ({
  dir,
}) => {
  const url = `http://127.0.0.1:${await closedPort()}/online+retail.zip`;
  const run = await runCli({ ORDERFLOW_DATA_DIR: dir }, 'datasets', 'fetch', 'online-retail', '--url', url);
  assert.equal(run.code, 1, run.stderr);
  assert.match(
    run.stderr,
    new RegExp(`could not download ${url.replace(/[.+]/g, '\\$&')} \\(ECONNREFUSED\\)`),
  );
  assert.match(
    run.stderr,
    /Get it from \S+ .*pass --file "<dir>\/Online Retail\.xlsx" to `orderflow load online-retail`/,
  );
  assert.match(run.stderr, /CC BY 4\.0/);
  assert.deepEqual(await readdir(join(dir, 'datasets', 'online-retail')), []);
});

test('a download is unzipped, checked by sha256 and read through; a bad checksum or a 404 leaves no workbook', async (ctx) => {
  const { zip, rows } = await smallArchive(300);
  const url = await serve(ctx, zip);
  const sha256 = createHash('sha256').update(zip).digest('hex');
  const progress: number[] = [];
  const outcome = await fetchOnlineRetail({
    to: ctx.dir,
    url,
    sha256,
    expectedRows: 300,
    onProgress: (received, total) => {
      assert.equal(total, zip.length);
      progress.push(received);
    },
  });
  assert.equal(outcome.path, join(ctx.dir, 'Online Retail.xlsx'));
  assert.deepEqual(
    { rows: outcome.rows, archiveBytes: outcome.archiveBytes, archiveSha256: outcome.archiveSha256 },
    {
      rows: 300,
      archiveBytes: zip.length,
      archiveSha256: sha256,
    },
  );
  assert.equal(progress.at(-1), zip.length);
  assert.deepEqual(await readdir(ctx.dir), ['Online Retail.xlsx']);
  const read: RawRow[] = [];
  for await (const row of readOnlineRetail(outcome.path)) read.push(row);
  assert.deepEqual(
    read.map((r) => [r.invoiceNo, r.stockCode, r.quantity, r.invoiceDate, r.customerId]),
    rows.map((r) => [r.invoiceNo, r.stockCode, r.quantity, r.invoiceDate, r.customerId]),
  );

  const other = join(ctx.dir, 'other');
  await assert.rejects(
    fetchOnlineRetail({ to: other, url, sha256: '0'.repeat(64), expectedRows: 300 }),
    /sha256 [0-9a-f]{64}, expected 0{64}/,
  );
  await assert.rejects(
    fetchOnlineRetail({ to: other, url: `${url}.missing`, expectedRows: 300 }),
    /could not download .* \(HTTP 404\)/,
  );
  assert.deepEqual(await readdir(other), []);

  // The CLI insists on the published row count: this small workbook is not the dataset.
  const run = await runCli({}, 'datasets', 'fetch', 'online-retail', '--url', url, '--to', other);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /the workbook has 300 data rows, expected 541909/);
  assert.equal(existsSync(join(other, 'Online Retail.xlsx')), false);
});

test('load with a missing --file: exit 3, where it looked and how to get the data, no ENOENT', async ({
  dir,
}) => {
  const missing = join(dir, 'nowhere', 'online_retail.csv.gz');
  const run = await runCli({ ORDERFLOW_DATA_DIR: dir }, 'load', 'online-retail', '--file', missing);
  assert.equal(run.code, 3, run.stderr);
  assert.match(
    run.stderr,
    /the Online Retail dataset is not there; looked at:\n {2}\S*nowhere\/online_retail\.csv\.gz\n/,
  );
  assert.match(run.stderr, /orderflow datasets fetch online-retail/);
  assert.match(run.stderr, /https:\/\/archive\.ics\.uci\.edu\/static\/public\/352\/online\+retail\.zip/);
  assert.doesNotMatch(run.stderr, /ENOENT/);
});

test.run();
