import * as assert from 'node:assert/strict';
import { cleanMarkup, describeKey } from '../../../../src/editors/configKeys/describe';
import { incusKeys, tableKeys } from './fixtures';

describe('config keys: hover', () => {
  it('shows the key, its type, its descriptions, its default, live update and condition, and that the server lists it', () => {
    const keys = incusKeys();
    const text = describeKey(keys.find(['instance'], 'limits.memory')!, 'limits.memory', keys.lists);
    assert.equal(
      text,
      [
        '**`limits.memory`** · string',
        "Usage limit for the host's memory",
        'See *instance options limits memory* and `limits.cpu`.',
        'Default: `1GiB` (VMs) · Live update: yes',
        '_From the key list of this server (Incus 6.0.4)._',
      ].join('\n\n'),
    );
  });

  it('names the pattern a key matches, and a default given as default rather than defaultdesc', () => {
    const keys = incusKeys();
    assert.match(
      describeKey(keys.find(['instance'], 'user.foo')!, 'user.foo', keys.lists),
      /^\*\*`user\.\*`\*\* · string \(for `user\.foo`\)/,
    );
    assert.match(describeKey(keys.find(['devices/disk'], 'readonly')!, 'readonly', keys.lists), /Default: `false`/);
    assert.match(describeKey(keys.find(['devices/disk'], 'path')!, 'path', keys.lists), /Required: yes/);
  });

  it('says "not advertised by this server" for a key of the generated table', () => {
    const keys = tableKeys('lxd');
    assert.match(
      describeKey(keys.find(['instance'], 'boot.autostart')!, 'boot.autostart', keys.lists),
      /_Not advertised by this server: LXD 5\.0\.2 publishes no key list, this is Incus 6\.0\.4's\._$/,
    );
  });

  it("shows LXD's name of a key with the description of Incus' name, and that LXD accepts it", () => {
    const keys = tableKeys('lxd');
    const text = describeKey(keys.find(['instance', 'kernel'], 'security.devlxd')!, 'security.devlxd', keys.lists);
    assert.match(text, /^\*\*`security\.devlxd`\*\* · bool/);
    assert.match(text, /Whether `\/dev\/incus` is present in the instance/);
    assert.match(text, /LXD's name for Incus' `security\.guestapi`/);
    assert.match(text, /_In no key list, but LXD 5\.0\.2 accepts it\._$/);
  });

  it('reads the Sphinx roles of the metadata as plain text', () => {
    assert.equal(cleanMarkup('See {ref}`instances-limit-units`.'), 'See *instances limit units*.');
    assert.equal(cleanMarkup('See {ref}`the units <instances-limit-units>`.'), 'See the units.');
    assert.equal(cleanMarkup('Like {config:option}`instance-raw:raw.lxc`.'), 'Like `raw.lxc`.');
    assert.equal(cleanMarkup('Full {spellexception}`dataset` copies'), 'Full dataset copies');
    assert.equal(cleanMarkup('Named {{ networkName }} or {{enable_ID_shifting}}'), 'Named networkName or enable ID shifting');
  });
});
