import * as assert from 'node:assert/strict';
import { spotAt } from '../../../../src/editors/configKeys/spot';
import { cursor } from './fixtures';

function at(textWithBar: string): ReturnType<typeof spotAt> {
  const { text, offset } = cursor(textWithBar);
  return spotAt(text, offset);
}

describe('config keys: where the cursor is in a configuration document', () => {
  it('is on a key under config:, half typed, with the range typed so far and the keys already there', () => {
    const spot = at('architecture: x86_64\nconfig:\n  boot.autostart: "true"\n  limits.me|\n  user.a: b\ndevices: {}\n');
    assert.equal(spot?.at, 'key');
    assert.deepEqual(spot?.block, { in: 'config' });
    assert.equal(spot?.key, 'limits.me');
    const { text } = cursor('architecture: x86_64\nconfig:\n  boot.autostart: "true"\n  limits.me|\n');
    assert.equal(text.slice(spot!.start, spot!.end), 'limits.me');
    assert.deepEqual(spot?.at === 'key' && spot.present, ['boot.autostart', 'user.a']);
  });

  it('is on a key on an empty indented line, and knows the {} to remove under config: {}', () => {
    const { text, offset } = cursor('config: {}\n  |\ndevices: {}\n');
    const spot = spotAt(text, offset);
    assert.equal(spot?.at, 'key');
    assert.equal(spot?.start, offset);
    assert.equal(spot?.end, offset);
    assert.ok(spot?.at === 'key' && spot.emptyBraces);
    if (spot?.at === 'key' && spot.emptyBraces) {
      assert.equal(text.slice(spot.emptyBraces.start, spot.emptyBraces.end), ' {}');
    }
  });

  it('is on a value after the colon', () => {
    const { text, offset } = cursor('config:\n  boot.autostart: tr|\n');
    const spot = spotAt(text, offset);
    assert.equal(spot?.at, 'value');
    assert.equal(spot?.key, 'boot.autostart');
    assert.equal(text.slice(spot!.start, spot!.end), 'tr');
  });

  it('is on a device property, with the properties of the device', () => {
    const spot = at('config: {}\ndevices:\n  data:\n    path: /mnt\n    rea|\n    type: disk\n  other:\n    type: nic\n');
    assert.deepEqual(spot?.block, { in: 'device', name: 'data', props: { path: '/mnt', type: 'disk' } });
    assert.equal(spot?.key, 'rea');
  });

  it('is nowhere on a top-level field, a device name, a comment, a list item or at the start of a line', () => {
    assert.equal(at('conf|ig:\n  a: b\n'), undefined);
    assert.equal(at('devices:\n  ro|ot:\n    type: disk\n'), undefined);
    assert.equal(at('config:\n  # a comm|ent\n'), undefined);
    assert.equal(at('profiles:\n- defa|ult\n'), undefined);
    assert.equal(at('config:\n|\n'), undefined);
    assert.equal(at('description: |\n  some te|xt\n'), undefined);
  });

  it('reads documents with CRLF line ends', () => {
    const spot = at('config:\r\n  a: b\r\n  lim|\r\n');
    assert.equal(spot?.key, 'lim');
    assert.deepEqual(spot?.at === 'key' && spot.present, ['a']);
  });
});
