import * as assert from 'node:assert/strict';
import {
  isLoopback,
  listeningPorts,
  parseListenerScriptOutput,
  parseProcNetTcp,
  parseSocketOwners,
} from '../../../src/client/listeningPorts';

// As a busybox container prints them (header lines padded with spaces, as the kernel writes them).
const TCP = [
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode                                                     ',
  '   0: 0100007F:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5081678 1 00000000bfc32d9a 100 0 0 10 0                   ',
  '   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4000001 1 0000000000000000 100 0 0 10 0',
  // An established connection (state 01), not a listener.
  '   2: 0100007F:1F40 0100007F:A2B4 01 00000000:00000000 00:00000000 00000000     0        0 4000002 1 0000000000000000 20 4 30 10 -1',
  '   3: 0A00A8C0:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000    33        0 4000003 1 0000000000000000 100 0 0 10 0',
].join('\n');

const TCP6 = [
  '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 00000000000000000000000000000000:1F91 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5346547 1 00000000e3ef9e54 100 0 0 10 0',
  '   1: 00000000000000000000000001000000:2328 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5346548 1 0000000000000000 100 0 0 10 0',
  '   2: 0000000000000000FFFF00000100007F:1F40 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5346549 1 0000000000000000 100 0 0 10 0',
  '   3: B80D0120000000000000000001000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5346550 1 0000000000000000 100 0 0 10 0',
].join('\n');

describe('Listening ports read from /proc/net/tcp and /proc/net/tcp6', () => {
  it('reads IPv4 listeners: the address little-endian, the port big-endian, only sockets in LISTEN', () => {
    assert.deepEqual(parseProcNetTcp(TCP), [
      { family: 'ipv4', address: '127.0.0.1', port: 8000, inode: '5081678' },
      { family: 'ipv4', address: '0.0.0.0', port: 22, inode: '4000001' },
      { family: 'ipv4', address: '192.168.0.10', port: 80, inode: '4000003' },
    ]);
  });

  it('reads IPv6 listeners: the wildcard, loopback, a v4-mapped address and a global one, written short', () => {
    assert.deepEqual(
      parseProcNetTcp(TCP6).map((l) => `${l.address} ${l.port}`),
      [':: 8081', '::1 9000', '::ffff:127.0.0.1 8000', '2001:db8::1 80'],
    );
  });

  it('skips what is not a socket line: headers, blank lines, garbage', () => {
    assert.deepEqual(parseProcNetTcp('\n  sl  local_address\nnot a line at all\n   0: ZZ:1F40 00000000:0000 0A 0 0 0 0 0 1\n'), []);
  });

  it('finds the processes behind sockets in busybox and GNU ls listings', () => {
    const owners = parseSocketOwners(
      [
        '#pid 1 /bin/sh /sbin/init ',
        '#pid 7 busybox httpd -p 127.0.0.1:8000 -h /www ',
        'lrwx------    1 root     root            64 Dec  6 22:08 3 -> socket:[5081678]',
        '#pid 9 sshd: /usr/sbin/sshd -D',
        'lrwx------ 1 root root 64 Dec  6 22:10 4 -> socket:[4000001]',
        'lrwx------ 1 root root 64 Dec  6 22:10 5 -> socket:[5346548]',
      ].join('\n'),
    );
    assert.deepEqual(
      [...owners],
      [
        ['5081678', 'busybox httpd -p 127.0.0.1:8000 -h /www'],
        ['4000001', 'sshd: /usr/sbin/sshd -D'],
        ['5346548', 'sshd: /usr/sbin/sshd -D'],
      ],
    );
  });

  it('groups the sockets of one port (IPv4 and IPv6) and says when only loopback listens', () => {
    const ports = listeningPorts(
      [...parseProcNetTcp(TCP), ...parseProcNetTcp(TCP6)],
      new Map([
        ['5081678', 'httpd'],
        ['5346549', 'httpd'],
      ]),
    );
    assert.deepEqual(
      ports.map((p) => [p.port, p.addresses.join(' '), p.processes.join(' '), p.loopbackOnly]),
      [
        [22, '0.0.0.0', '', false],
        [80, '192.168.0.10 2001:db8::1', '', false],
        [8000, '127.0.0.1 ::ffff:127.0.0.1', 'httpd', true],
        [8081, '::', '', false],
        [9000, '::1', '', true],
      ],
    );
  });

  it('reads the sections the one exec prints: both tables, then the owners', () => {
    const out = `#tcp\n${TCP}\n${TCP6}\n#owners\n#pid 7 busybox httpd -p 127.0.0.1:8000\nlrwx------    1 root     root   64 Dec  6 22:08 3 -> socket:[5081678]\n`;
    const port = parseListenerScriptOutput(out).find((p) => p.port === 8000);
    assert.deepEqual(port, {
      port: 8000,
      addresses: ['127.0.0.1', '::ffff:127.0.0.1'],
      processes: ['busybox httpd -p 127.0.0.1:8000'],
      loopbackOnly: true,
    });
  });

  it('tells loopback addresses from others', () => {
    assert.deepEqual(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', '0.0.0.0', '::', '10.0.0.1'].map(isLoopback), [
      true,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
