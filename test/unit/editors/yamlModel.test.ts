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
    assert.deepEqual(fieldsOf<StorageVolumePut>({ description: 'string', config: 'stringMap', restore: null }), {
      description: 'string',
      config: 'stringMap',
    });
  });

  it('refuses, at compile time, a field the type lacks, a field left out and a field type that does not fit', () => {
    // Each line must fail to compile (`npm run compile` reports an unused directive otherwise).
    // @ts-expect-error: ProjectPut has no `devices`
    fieldsOf<ProjectPut>({ description: 'string', config: 'stringMap', devices: 'deviceMap' });
    // @ts-expect-error: `config` is left out
    fieldsOf<ProjectPut>({ description: 'string' });
    fieldsOf<InstancePut>({
      architecture: 'string',
      config: 'stringMap',
      devices: 'deviceMap',
      ephemeral: 'boolean',
      // @ts-expect-error: `profiles` is a list of names, not a map
      profiles: 'stringMap',
      stateful: 'boolean',
      description: 'string',
      restore: null,
      disk_only: null,
    });
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
    const value = {
      architecture: 'x86_64',
      config: { a: '1' },
      devices: { root: { type: 'disk', path: '/' } },
      ephemeral: true,
      profiles: ['default', 'x'],
      stateful: false,
      description: 'hi',
    };
    assert.deepEqual(fromYaml(toYaml(['h'], instanceSchema, value), instanceSchema), value);
  });

  it('turns numbers and booleans in config maps into the strings LXD stores', () => {
    const v = fromYaml('config:\n  limits.cpu: 2\n  security.nesting: true\n', instanceSchema);
    assert.deepEqual(v.config, { 'limits.cpu': '2', 'security.nesting': 'true' });
  });

  // A config value is a string to LXD: what the user typed is what is sent, never YAML's reading of it.
  const scalars: [string, string, string][] = [
    ['a decimal keeps its trailing zero', '22.10', '22.10'],
    ['an exponent stays an exponent', '1e3', '1e3'],
    ['a hexadecimal number stays hexadecimal', '0x10', '0x10'],
    ['an octal-looking number keeps its leading zero', '010', '010'],
    ['a YAML 1.2 octal stays as written', '0o17', '0o17'],
    ['a fraction keeps its missing leading zero', '.5', '.5'],
    ['a negative zero keeps its sign', '-0', '-0'],
    ['an infinity stays as written', '.inf', '.inf'],
    ['an integer beyond 2^53 keeps every digit', '123456789012345678901', '123456789012345678901'],
    ['true stays true', 'true', 'true'],
    ['a capitalised boolean keeps its case', 'True', 'True'],
    ['yes stays yes', 'yes', 'yes'],
    ['on stays on', 'on', 'on'],
    ['a quoted number is its text', '"0x10"', '0x10'],
    ['a quoted tilde is a tilde', "'~'", '~'],
    ["a tilde is YAML's null: an empty value, as lxc config edit reads it", '~', ''],
    ['null is an empty value', 'null', ''],
    ['nothing is an empty value', '', ''],
    ['a number tagged as text is its text', '!!str 010', '010'],
    ['a tagged integer keeps its text', '!!int 0x1F', '0x1F'],
  ];
  for (const [what, written, sent] of scalars) {
    it(`takes a config value as written: ${what} (${written || '(nothing)'} → "${sent}")`, () => {
      const v = fromYaml(`config:\n  user.x: ${written}\n`, instanceSchema);
      assert.deepEqual(v.config, { 'user.x': sent });
    });
  }

  it('takes keys, device settings, profile names and text fields as written too', () => {
    const v = fromYaml(
      'description: 2.50\narchitecture: 1e3\nconfig:\n  010: a\nprofiles: [default, 0x10]\ndevices:\n  0x1: {type: disk, size: 10.0}\n',
      instanceSchema,
    );
    assert.equal(v.description, '2.50');
    assert.equal(v.architecture, '1e3');
    assert.deepEqual(v.config, { '010': 'a' });
    assert.deepEqual(v.profiles, ['default', '0x10']);
    assert.deepEqual(v.devices, { '0x1': { type: 'disk', size: '10.0' } });
  });

  it('follows an anchor to the value it names', () => {
    const v = fromYaml('config:\n  user.a: &v 1.50\n  user.b: *v\n', instanceSchema);
    assert.deepEqual(v.config, { 'user.a': '1.50', 'user.b': '1.50' });
  });

  // What the server holds is rendered so that reading it back gives the same string: open → save unchanged changes nothing.
  const stored = [
    '22.10',
    '1e3',
    '0x10',
    '010',
    '.5',
    '-0',
    '.inf',
    '.nan',
    '123456789012345678901',
    'true',
    'yes',
    'on',
    'no',
    'off',
    'y',
    'n',
    '~',
    'null',
    'Null',
    '',
    ' leading space',
    'trailing space ',
    '#not a comment',
    'a: b',
    '- item',
    '[1, 2]',
    '{a: 1}',
    '"quoted"',
    "'single'",
    '*alias',
    '&anchor',
    '!tag',
    '%directive',
    '@at',
    '`tick`',
    'line one\nline two',
    'ends with a newline\n',
    'two newlines\n\n',
    '\nstarts with a newline',
    'tab\there',
    'ünïcödé ✓',
    '\u0001control',
    '1:2:3',
    '2001-12-14',
    '12:30:45',
    '0b101',
    '+1',
    '1_000',
  ];
  for (const value of stored) {
    it(`renders and reads back a stored value unchanged: ${JSON.stringify(value)}`, () => {
      const config = { 'user.x': value };
      const back = fromYaml(toYaml(['h'], instanceSchema, { config, description: value }), instanceSchema);
      assert.deepEqual(back.config, config);
      assert.equal(back.description, value);
    });
  }

  const refusals: [string, string, RegExp][] = [
    ['broken YAML names the line', 'config:\n  a: [1\nb: 2\n', /Invalid YAML: line \d+, column \d+/],
    ['an empty document', '# only comments\n', /empty/],
    ['a list instead of a mapping', '- a\n- b\n', /must be a mapping/],
    ['an unknown field', 'name: other\nconfig: {}\n', /Unknown field "name"/],
    ['a nested value in config', 'config:\n  a:\n    b: c\n', /"config\.a" must be a single value/],
    ['a device without a type', 'devices:\n  eth0:\n    nictype: bridged\n', /Device "eth0" needs a "type"/],
    ['profiles that are not names', 'profiles: default\n', /"profiles" must be a list of names/],
    ['ephemeral that is not a boolean', 'ephemeral: maybe\n', /"ephemeral" must be true or false/],
    ['ephemeral as yes (a string in YAML 1.2)', 'ephemeral: yes\n', /"ephemeral" must be true or false/],
    ['a duplicate field', 'description: a\ndescription: b\n', /Invalid YAML: line 2, column 1: Map keys must be unique/],
    ['a duplicate config key', 'config:\n  user.a: 1\n  user.a: 2\n', /Invalid YAML: line 3, column 3: Map keys must be unique/],
    ['a list as config', 'config: [a, b]\n', /"config" must be a mapping of keys to values/],
    ['a list as a config value', 'config:\n  user.a: [1, 2]\n', /"config\.user\.a" must be a single value, not a list/],
    ['a mapping as a text field', 'description: {a: b}\n', /"description" must be text/],
    ['devices as a list', 'devices: [root]\n', /"devices" must map device names to their settings/],
    ['a device given as text', 'devices:\n  root: disk\n', /"devices\.root" must be a mapping of keys to values/],
    ['a device with nothing in it', 'devices:\n  root:\n', /Device "root" needs a "type"/],
    ['an empty profile name', 'profiles: [default, ~]\n', /"profiles" must be a list of names/],
    ['a mapping as a key', 'config:\n  ? {a: b}\n  : c\n', /has a key that is not a name/],
    ['an empty key', 'config:\n  : c\n', /has a key that is not a name/],
    [
      'several unknown fields',
      'name: x\nstatus: Running\n',
      /Unknown fields "name", "status": the editable fields are architecture, config/,
    ],
  ];
  for (const [what, text, message] of refusals) {
    it(`refuses ${what}`, () => {
      assert.throws(() => fromYaml(text, instanceSchema), message);
    });
  }
});
