// The test bed's image server: serves a directory (the simplestreams tree) read-only over HTTPS on
// 127.0.0.1, GET and HEAD only, one line per request on stdout. scripts/testbed.sh starts it.
//
//   node scripts/lib/imageserver.mjs --root DIR --port 8445 --cert FILE --key FILE
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: { root: { type: 'string' }, port: { type: 'string' }, cert: { type: 'string' }, key: { type: 'string' } },
});
const root = path.resolve(args.root);
const TYPES = { '.json': 'application/json' };

const server = https.createServer({ cert: fs.readFileSync(args.cert), key: fs.readFileSync(args.key) }, (req, res) => {
  const started = Date.now();
  res.on('finish', () => log(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started} ms`));
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return send(res, 405, 'only GET and HEAD\n');
  }
  const file = resolve(req.url);
  const stat = file && fs.statSync(file, { throwIfNoEntry: false });
  if (!stat?.isFile()) {
    return send(res, 404, 'not found\n');
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'content-length': stat.size });
  if (req.method === 'HEAD') {
    return res.end();
  }
  fs.createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
});

/** The file a URL path names inside the root, or undefined when it names something outside. */
function resolve(url) {
  let p;
  try {
    p = decodeURIComponent(new URL(url, 'https://127.0.0.1').pathname);
  } catch {
    return undefined;
  }
  const file = path.resolve(root, `.${path.posix.normalize(p)}`);
  return file.startsWith(`${root}${path.sep}`) ? file : undefined;
}

function send(res, status, text) {
  res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function log(line) {
  process.stdout.write(`${new Date().toISOString()} ${line}\n`);
}

server.listen(Number(args.port), '127.0.0.1', () => log(`serving ${root} on https://127.0.0.1:${args.port}/`));
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
