import * as assert from 'node:assert/strict';
import { progressOf } from '../../../src/client';
import { operation } from './fixtures';

const withMetadata = (metadata: Record<string, unknown> | null) => operation({ metadata: metadata as never });

describe('client: progress of an operation', () => {
  it("reads the structured progress and LXD's own words for it", () => {
    const op = withMetadata({
      create_instance_from_image_unpack_progress: 'Unpack: 100% (1.65GB/s)',
      progress: { percent: '100', speed: '1646153846', stage: 'create_instance_from_image_unpack' },
    });
    assert.deepEqual(progressOf(op), { percent: 100, stage: 'create_instance_from_image_unpack', text: 'Unpack: 100% (1.65GB/s)' });
  });

  it('words structured progress itself when LXD gives no text', () => {
    assert.deepEqual(progressOf(withMetadata({ progress: { percent: '44', stage: 'create_image_from_container_pack' } })), {
      percent: 44,
      stage: 'create_image_from_container_pack',
      text: 'create_image_from_container_pack: 44%',
    });
  });

  it('reads the percentage from the older text-only form', () => {
    assert.deepEqual(progressOf(withMetadata({ download_progress: 'rootfs: 45% (12.3MB/s)' })), {
      text: 'rootfs: 45% (12.3MB/s)',
      percent: 45,
    });
    assert.deepEqual(progressOf(withMetadata({ fs_progress: 'Image pack: 12.5% (27MB/s)' })), {
      text: 'Image pack: 12.5% (27MB/s)',
      percent: 12.5,
    });
  });

  it('gives no percentage where the text has none or the number is not one', () => {
    assert.deepEqual(progressOf(withMetadata({ container_progress: 'Remapping container filesystem' })), {
      text: 'Remapping container filesystem',
      percent: undefined,
    });
    assert.equal(progressOf(withMetadata({ progress: { percent: 'n/a', stage: 's' } }))?.percent, undefined);
  });

  it('finds no progress in operations that report none', () => {
    assert.equal(progressOf(withMetadata(null)), undefined);
    assert.equal(progressOf(withMetadata({ fingerprint: 'bf9f4847', size: '61045756' })), undefined);
    assert.equal(progressOf(withMetadata({ return: 0, fds: { '0': 'secret' } })), undefined);
    assert.equal(progressOf(withMetadata({ container_progress: '' })), undefined, 'LXD leaves an empty text behind after a start');
  });
});
