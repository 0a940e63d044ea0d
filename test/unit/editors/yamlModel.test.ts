import * as assert from 'node:assert/strict';
import { FieldSchema, fromYaml, toYaml } from '../../../src/editors/yamlModel';

const instanceSchema: FieldSchema = { architecture: 'string', config: 'stringMap', devices: 'deviceMap', ephemeral: 'boolean', profiles: 'stringList', stateful: 'boolean', description: 'string' };

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
