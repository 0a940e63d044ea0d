import * as assert from 'node:assert/strict';
import { serversLabel } from '../../../codegen/transforms/servers';
import { FOUR_SPECS } from './fixtures';

describe('codegen: which servers have an item, in words', () => {
  const rows: [servers: string[], wanted: string | undefined][] = [
    [['lxd-5.0', 'lxd-5.19', 'incus-6.0', 'incus'], undefined],
    [['incus-6.0', 'incus'], 'Incus only'],
    [['lxd-5.0', 'lxd-5.19'], 'LXD only'],
    [['lxd-5.19', 'incus-6.0', 'incus'], 'LXD 5.19+ and Incus'],
    [['lxd-5.19'], 'LXD 5.19+ only'],
    [['incus'], 'Incus > 6.0 only'],
    [['lxd-5.0', 'lxd-5.19', 'incus'], 'LXD and Incus > 6.0'],
    [['lxd-5.0', 'incus-6.0', 'incus'], 'LXD 5.0 and Incus'],
    [['incus-6.0'], 'Incus 6.0 only'],
  ];
  for (const [servers, wanted] of rows) {
    it(`says ${wanted ?? 'nothing'} for ${servers.join(', ')}`, () => assert.equal(serversLabel(servers, FOUR_SPECS), wanted));
  }
});
