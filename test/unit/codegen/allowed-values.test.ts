import * as assert from 'node:assert/strict';
import { generate } from '../../../codegen/generate';
import { allowedValues } from '../../../codegen/transforms/allowed-values';
import { definitionFromSchema, renderDefinition } from '../../../codegen/transforms/definition';
import { FOUR_SPECS, loadRealSpecs } from './fixtures';

describe('codegen: allowed values from descriptions', function () {
  // The last test parses the four real specs when it runs first.
  this.timeout(30_000);

  const rows: [description: string, wanted: string[] | undefined][] = [
    ['The type of instance (container or virtual-machine)', ['container', 'virtual-machine']],
    ['State change action (start, stop, restart, freeze, unfreeze)', ['start', 'stop', 'restart', 'freeze', 'unfreeze']],
    ['Event type (one of operation, logging or lifecycle)', ['operation', 'logging', 'lifecycle']],
    ['Support status of the current API (one of "devel", "stable" or "deprecated")', ['devel', 'stable', 'deprecated']],
    ['Protocol for port forward (either tcp or udp)', ['tcp', 'udp']],
    ['Status of the warning (new, acknowledged, or resolved)', ['new', 'acknowledged', 'resolved']],
    ['The action to be performed. Valid actions are "evacuate" and "restore".', ['evacuate', 'restore']],
    ['Mode ... Either "full-mesh", "hub-server" or "hub-client".', ['full-mesh', 'hub-server', 'hub-client']],
    ['Type of interface (broadcast, loopback, point-to-point, ...)', undefined],
    ['kernel driver name (cdc_acm, ftdi_sio, pl2303, cp210x...)', undefined],
    ['Certificate (for remote images or migration)', undefined],
    ['Instance name (for type "instance" or "snapshot")', undefined],
    ['Kernel device name (e.g. ttyUSB0, ttyACM0)', undefined],
    ['List of allowed projects (applies when restricted)', undefined],
    ['Whether the key can perform write actions or not.', undefined],
    ['Whether to use pull or push mode (for migration)', undefined],
  ];
  for (const [description, wanted] of rows) {
    it(`reads ${wanted ? wanted.join('|') : 'no closed list'} from "${description}"`, () =>
      assert.deepEqual(allowedValues(description), wanted));
  }

  it('narrows a property, and its array items, to the listed literals', () => {
    const def = definitionFromSchema('T', {
      type: 'object',
      properties: {
        type: { type: 'string', description: 'Type (container or virtual-machine)' },
        when: { type: 'array', items: { type: 'string' }, description: 'When (create, copy or start)' },
      },
    });
    assert.equal(
      renderDefinition(def, { specs: FOUR_SPECS }),
      "export interface T {\n  /** Type (container or virtual-machine) */\n  type?: 'container' | 'virtual-machine';\n" +
        "  /** When (create, copy or start) */\n  when?: ('create' | 'copy' | 'start')[] | null;\n}\n",
    );
  });

  it('keeps a curated union open and says why', () => {
    const def = definitionFromSchema('StoragePool', {
      type: 'object',
      properties: { status: { type: 'string', description: 'Pool status (Pending, Created, Errored or Unknown)' } },
    });
    const text = renderDefinition(def, { specs: FOUR_SPECS });
    assert.match(text, /status\?: 'Pending' \| 'Created' \| 'Errored' \| 'Unknown' \| \(string & \{\}\);/);
    assert.match(text, /Other values occur: a pool that failed to initialise/);
  });

  it('gives unions to exactly these properties of the four real specs', () => {
    const { files } = generate(loadRealSpecs());
    const found: string[] = [];
    for (const [file, text] of files) {
      if (file === 'endpoints.ts') continue;
      let owner = '';
      for (const line of text.split('\n')) {
        owner = /^export interface (\w+)/.exec(line)?.[1] ?? owner;
        const prop = /^ {2}(?:readonly )?'?([\w.-]+)'?\?: \(?('.*)$/.exec(line);
        if (prop) found.push(`${owner}.${prop[1]}${prop[2].includes('(string & {})') ? ' (open)' : ''}`);
      }
    }
    assert.deepEqual(found.sort(), [
      'ClusterMemberStatePost.action',
      'Event.type',
      'Image.type',
      'ImageAliasesEntry.type',
      'ImageAliasesPost.type',
      'ImageMetadataTemplate.when',
      'ImageSource.image_type',
      'ImagesPostSource.image_type',
      'ImagesPostSource.mode',
      'ImagesPostSource.type',
      'InitStorageVolumesProjectPost.content_type (open)',
      'InitStorageVolumesProjectPost.type',
      'Instance.type',
      'InstanceConsolePost.type',
      'InstanceFull.type',
      'InstanceState.status (open)',
      'InstanceStateNetworkAddress.family',
      'InstanceStateNetworkAddress.scope',
      'InstanceStatePut.action',
      'NetworkForwardPort.protocol',
      'NetworkLease.type',
      'NetworkLoadBalancerPort.protocol',
      'Operation.class',
      'Server.api_status',
      'Server.auth',
      'ServerEnvironment.server_event_mode',
      'ServerUntrusted.api_status',
      'ServerUntrusted.auth',
      'StoragePool.driver (open)',
      'StoragePool.status (open)',
      'StoragePoolsPost.driver (open)',
      'StorageVolume.content_type (open)',
      'StorageVolumeFull.content_type (open)',
      'StorageVolumeSnapshot.content_type (open)',
      'StorageVolumeSource.type',
      'StorageVolumesPost.content_type (open)',
      'StorageVolumesPost.type',
      'Warning.status',
      'WarningPut.status',
    ]);
  });
});
