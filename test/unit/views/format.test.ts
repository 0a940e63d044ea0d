import * as assert from 'node:assert/strict';
import { ApiError } from '../../../src/client';
import { describeError, formatBytes, formatDate, listSome, snapshotName } from '../../../src/views/format';

describe('How values read in views and messages (views/format.ts)', () => {
  for (const [n, text] of [
    [undefined, ''],
    [Number.NaN, ''],
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [10 * 1024 * 1024, '10 MiB'],
    [5 * 1024 ** 4, '5.0 TiB'],
    [2048 * 1024 ** 4, '2048 TiB'],
  ] as const) {
    it(`writes ${String(n)} bytes as "${text}"`, () => assert.equal(formatBytes(n), text));
  }

  it('leaves out the times LXD sends for "never" (year 1 and 1970) and what is not a date', () => {
    assert.equal(formatDate('0001-01-01T00:00:00Z'), '');
    assert.equal(formatDate('1970-01-01T00:00:00Z'), '');
    assert.equal(formatDate('not a date'), '');
    assert.equal(formatDate(undefined), '');
    assert.equal(formatDate('2024-05-06T07:08:09Z'), new Date('2024-05-06T07:08:09Z').toLocaleString());
  });

  it("takes a snapshot's own name from LXD's <parent>/<snapshot>", () => {
    assert.equal(snapshotName('c1/snap0'), 'snap0');
    assert.equal(snapshotName('snap0'), 'snap0');
    assert.equal(snapshotName(undefined), '');
  });

  it('names the first few and counts the rest', () => {
    assert.equal(listSome(['a', 'b'], 3), 'a, b');
    assert.equal(listSome(['a', 'b', 'c', 'd', 'e'], 3), 'a, b, c and 2 more');
  });

  it("describes an error in LXD's words, and anything thrown as text", () => {
    assert.equal(describeError(new ApiError({ status: 404, lxdMessage: 'Instance not found' })), 'Instance not found');
    assert.equal(describeError(new Error('boom')), 'boom');
    assert.equal(describeError('plain'), 'plain');
    assert.equal(describeError(undefined), 'undefined');
  });
});
