import * as assert from 'node:assert/strict';
import type { InstancePut, ProjectPut, StorageVolumePut } from '../../../src/generated';
import { FieldSchema, fieldsOf, fromYaml, toYaml } from '../../../src/editors/yamlModel';

const instanceSchema: FieldSchema = fieldsOf<InstancePut>({
  architecture: 'string',
  config: 'stringMap',
  restore: null,
  devices: 'deviceMap',
  ephemeral: 'boolean',
  profiles: 'stringList',
  stateful: 'boolean',
  disk_only: null,
  description: 'string',
});

describe('editable fields of a generated *Put type', () => {
  it('keeps the fields in the order given and leaves out the ones marked null', () => {
    assert.deepEqual(Object.entries(instanceSchema), [
      ['architecture', 'string'],
      ['config', 'stringMap'],
      ['devices', 'deviceMap'],
      ['ephemeral', 'boolean'],
      ['profiles', 'stringList'],
      ['stateful', 'boolean'],
      ['description', 'string'],
    ]);
    assert.deepEqual(fieldsOf<StorageVolumePut>({ description: 'string', config: 'stringMap', restore: null }), { description: 'string', config: 'stringMap' });
  });

  it('refuses, at compile time, a field the type lacks, a field left out and a field type that does not fit', () => {
    // Each line must fail to compile (`npm run compile` reports an unused directive otherwise).
    // @ts-expect-error: ProjectPut has no `devices`
    fieldsOf<ProjectPut>({ description: 'string', config: 'stringMap', devices: 'deviceMap' });
    // @ts-expect-error: `config` is left out
    fieldsOf<ProjectPut>({ description: 'string' });
    // @ts-expect-error: `profiles` is a list of names, not a map
    fieldsOf<InstancePut>({ architecture: 'string', config: 'stringMap', devices: 'deviceMap', ephemeral: 'boolean', profiles: 'stringMap', stateful: 'boolean', description: 'string', restore: null, disk_only: null });
    assert.deepEqual(fieldsOf<ProjectPut>({ description: 'string', config: 'stringMap' }), { description: 'string', config: 'stringMap' });
  });
});

describe('configuration YAML', () => {
  it('renders the writable fields in a fixed order under a comment header, maps sorted', () => {
    const text = toYaml(['Configuration of instance "c1".'], instanceSchema, {
      name: 'c1',
      status: 'Running',
      config: { 'user.b': '2', 'limits.cpu': '1' },
      devices: { root: { type: 'disk', pool: 'default', path: '/' } },
      profiles: ['default'],
      architecture: 'x86_64',
    });
    assert.equal(
      text,
      [
        '# Configuration of instance "c1".',
        'architecture: x86_64',
        'config:',
        '  limits.cpu: "1"',
        '  user.b: "2"',
        'devices:',
        '  root:',
        '    path: /',
        '    pool: default',
        '    type: disk',
        'ephemeral: false',
        'profiles:',
        '  - default',
        'stateful: false',
        'description: ""',
        '',
      ].join('\n'),
    );
  });

  it('reads back what it rendered', () => {
    const value = { architecture: 'x86_64', config: { a: '1' }, devices: { root: { type: 'disk', path: '/' } }, ephemeral: true, profiles: ['default', 'x'], stateful: false, description: 'hi' };
    assert.deepEqual(fromYaml(toYaml(['h'], instanceSchema, value), instanceSchema), value);
  });

  it('turns numbers and booleans in config maps into the strings LXD stores', () => {
    const v = fromYaml('config:\n  limits.cpu: 2\n  security.nesting: true\n', instanceSchema);
    assert.deepEqual(v.config, { 'limits.cpu': '2', 'security.nesting': 'true' });
  });

  const refusals: [string, string, RegExp][] = [
    ['broken YAML names the line', 'config:\n  a: [1\nb: 2\n', /Invalid YAML: line \d+, column \d+/],
    ['an empty document', '# only comments\n', /empty/],
    ['a list instead of a mapping', '- a\n- b\n', /must be a mapping/],
    ['an unknown field', 'name: other\nconfig: {}\n', /Unknown field "name"/],
    ['a nested value in config', 'config:\n  a:\n    b: c\n', /"config\.a" must be a single value/],
    ['a device without a type', 'devices:\n  eth0:\n    nictype: bridged\n', /Device "eth0" needs a "type"/],
    ['profiles that are not names', 'profiles: default\n', /"profiles" must be a list of names/],
    ['ephemeral that is not a boolean', 'ephemeral: maybe\n', /"ephemeral" must be true or false/],
  ];
  for (const [what, text, message] of refusals) {
    it(`refuses ${what}`, () => {
      assert.throws(() => fromYaml(text, instanceSchema), message);
    });
  }
});
