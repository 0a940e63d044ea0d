import * as assert from 'node:assert/strict';
import { colonHex, fingerprintLines } from '../../../src/remotes/trust';

const OLD = 'aa'.repeat(32);
const NEW = '0123456789abcdef'.repeat(4);

describe('fingerprints in trust prompts', () => {
  it('writes a fingerprint as the CLIs print it', () => {
    assert.equal(colonHex('0a1b2c'), '0A:1B:2C');
  });

  it('shows only the presented certificate when adding a remote', () => {
    assert.equal(fingerprintLines(NEW), `SHA-256 ${colonHex(NEW)}`);
  });

  it('shows the new and the previously pinned fingerprint one above the other for Re-trust', () => {
    const lines = fingerprintLines(NEW, OLD).split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0], new RegExp(`^New: +SHA-256 ${colonHex(NEW)}$`));
    assert.match(lines[1], new RegExp(`^Pinned until now: +SHA-256 ${colonHex(OLD)}$`));
    assert.equal(lines[0].indexOf('SHA-256'), lines[1].indexOf('SHA-256'), 'aligned');
  });

  it('says when the server still presents the pinned certificate, whatever way the pin was written', () => {
    assert.equal(fingerprintLines(NEW, colonHex(NEW)), `SHA-256 ${colonHex(NEW)} (the one pinned until now)`);
  });
});
