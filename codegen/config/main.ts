import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { readDaemonMetadata } from './daemon';
import { normalizeMetadata, renderConfigKeys, type ConfigSource } from './transform';

const DEFAULT_SOCKET = '/var/lib/incus/unix.socket';
const OUT = 'src/generated/configKeys.ts';

/**
 * `npm run codegen:config [-- --socket PATH | --file METADATA.json --version V]`: writes
 * src/generated/configKeys.ts from an Incus daemon's `GET /1.0/metadata/configuration` (by default
 * the test bed's, on /var/lib/incus/unix.socket or $INCUS_SOCKET), or from a saved reply body or
 * Incus' `internal/server/metadata/configuration.json`.
 */
async function main(argv: readonly string[]): Promise<void> {
  const opt = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const file = opt('--file');
  let body: Buffer;
  let source: Omit<ConfigSource, 'sha256'>;
  if (file) {
    const version = opt('--version');
    if (!version) throw new Error('usage: main.js --file METADATA.json --version VERSION (the Incus version it was read from)');
    body = readFileSync(file);
    source = { product: 'Incus', version, from: basename(file) };
  } else {
    const socket = opt('--socket') ?? process.env.INCUS_SOCKET ?? DEFAULT_SOCKET;
    const read = await readDaemonMetadata(socket);
    if (read.product !== 'incus') throw new Error(`${socket}: ${read.product} ${read.version} is not Incus`);
    body = read.body;
    source = { product: 'Incus', version: read.version, from: 'GET /1.0/metadata/configuration' };
  }
  // A reply body (`{"type": "sync", "metadata": {"configs": …}}`) or Incus' configuration.json (`{"configs": …}`).
  const read = JSON.parse(body.toString('utf8')) as { metadata?: unknown; configs?: unknown };
  const sha256 = createHash('sha256').update(body).digest('hex');
  const text = renderConfigKeys(normalizeMetadata(read.configs ? read : read.metadata), { ...source, sha256 });
  const changed = !existsSync(OUT) || readFileSync(OUT, 'utf8') !== text;
  if (changed) writeFileSync(OUT, text);
  console.log(`codegen:config: ${OUT} ${changed ? 'written' : 'unchanged'} from ${source.product} ${source.version} (sha256:${sha256})`);
}

main(process.argv.slice(2)).catch((e: Error) => {
  console.error(`codegen:config: ${e.message}`);
  process.exitCode = 1;
});
