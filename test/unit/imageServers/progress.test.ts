import * as assert from 'node:assert/strict';
import { overallPercent, progressMessage, readImageProgress } from '../../../src/imageServers/progress';

const read = (text: string, stage?: string): ReturnType<typeof readImageProgress> => readImageProgress({ text, stage });

describe('image progress: what the daemon says while it fetches an image', () => {
  it('reads the file, percentage and speed of each download line', () => {
    assert.deepEqual(read('metadata: 100% (1.83GB/s)'), { phase: 'metadata', part: 'metadata', percent: 100, speed: '1.83 GB/s' });
    assert.deepEqual(read('rootfs: 51% (25.39MB/s)'), { phase: 'rootfs', part: 'rootfs', percent: 51, speed: '25.39 MB/s' });
    assert.deepEqual(read('rootfs: 7%'), { phase: 'rootfs', part: 'rootfs', percent: 7, speed: undefined });
  });

  it("reads LXD's and Incus' unpacking lines as one phase", () => {
    assert.equal(read('Unpack: 100% (1.65GB/s)', 'create_instance_from_image_unpack').phase, 'unpack');
    assert.equal(read('Unpacking image: 42% (300.00MB/s)', 'create_instance_from_image_unpack').percent, 42);
  });

  it('words the notification line, and keeps what it cannot read as the daemon wrote it', () => {
    assert.equal(progressMessage(read('rootfs: 51.7% (25.39MB/s)'), ''), 'Downloading rootfs: 51% at 25.39 MB/s');
    assert.equal(progressMessage(read('metadata: 100% (1.83GB/s)'), ''), 'Downloading metadata: 100% at 1.83 GB/s');
    assert.equal(progressMessage(read('Unpacking image: 100% (1.65GB/s)'), ''), 'Unpacking: 100%');
    assert.equal(progressMessage(read('Retrieving image: ready'), 'Retrieving image: ready'), 'Retrieving image: ready');
  });

  it('places each file’s figure on one bar: metadata to 5, the root filesystem to 90, unpacking to 100', () => {
    assert.equal(overallPercent(read('metadata: 100% (1GB/s)')), 5);
    assert.equal(overallPercent(read('rootfs: 0% (1MB/s)')), 5);
    assert.equal(overallPercent(read('rootfs: 50% (1MB/s)')), 47.5);
    assert.equal(overallPercent(read('Unpack: 100% (1GB/s)')), 100);
    assert.equal(overallPercent(read('Retrieving image: ready')), undefined);
  });
});
