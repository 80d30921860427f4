import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { batchFilter, filterVariables, readFilters, writeFilters } from './filters.ts';
import { firstPage, nextPage, pageNumber, readPageSize, readTrail, writeTrail } from './paging.ts';

const test = suite('the list in the URL: search, sort, page, batch filter');

test('search and sort round-trip through the query string and become query variables', () => {
  const filters = {
    status: 'PARKED',
    type: null,
    stuckForSeconds: null,
    age: null,
    search: 'order-7',
    sort: 'created-asc',
  } as const;
  const params = writeFilters(filters);
  assert.is(params.toString(), 'status=PARKED&q=order-7&sort=created-asc');
  assert.equal(readFilters(params), filters);
  const vars = filterVariables(filters);
  assert.equal([vars.search, vars.orderBy, vars.direction], ['order-7', 'CREATED_AT', 'ASC']);
  assert.is(readFilters(new URLSearchParams('q=%20%20&sort=sideways')).search, undefined);
  assert.is(readFilters(new URLSearchParams('sort=sideways')).sort, undefined);
});

test('the page trail survives the URL: page 3 reads back as page 3; garbage is page 1', () => {
  const trail = nextPage(nextPage(firstPage(), 'czox'), 'czoy');
  const params = writeTrail(new URLSearchParams('status=PARKED'), trail);
  assert.is(params.toString(), 'status=PARKED&page=czox.czoy');
  assert.equal(readTrail(params), trail);
  assert.is(pageNumber(readTrail(params)), 3);
  assert.is(writeTrail(params, firstPage()).toString(), 'status=PARKED');
  assert.equal(readTrail(new URLSearchParams('page=a..b')), firstPage());
  assert.equal(readTrail(new URLSearchParams('page=<script>')), firstPage());
  assert.is(readPageSize(new URLSearchParams('size=2')), 2);
  assert.is(readPageSize(new URLSearchParams('size=5000')), 25);
});

test('the batch filter is the list filter; none set means no batch', () => {
  const base = { status: null, type: null, stuckForSeconds: null, age: null } as const;
  assert.is(batchFilter(base), null);
  assert.equal(batchFilter({ ...base, status: 'PARKED', age: 'gt1h', search: 'SKU-1' }), {
    status: 'PARKED',
    search: 'SKU-1',
    minAgeSeconds: 3600,
  });
});

test.run();
