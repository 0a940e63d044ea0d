import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Document } from 'yaml';
import { yaml } from '../yaml';
import { Client, ClientOptions } from '../client';
import { HttpsTransportOptions } from '../https';
import { inspectSocket, socketCandidates } from '../sockets';

/**
 * The remotes the `lxc` and `incus` command-line clients already know (LXD-PROTOCOL §3.10): read
 * from their `config.yml`, merged with the system-wide remotes and the built-in ones as the CLIs do,
 * and described with what connecting takes. Also adds a remote to such a directory so that the CLI
 * can use it too.
 */

export type RemoteCli = 'lxc' | 'incus';
export type Env = Record<string, string | undefined>;

/** One CLI configuration directory, and where its system-wide remotes come from. */
export interface CliConfigDir {
  cli: RemoteCli;
  /** `config.yml`, `client.crt`/`client.key`, `servercerts/`, (Incus) `clientcerts/`. */
  dir: string;
  /** Why this directory: `LXD_CONF`, `deb`, `snap`, `INCUS_CONF`, `XDG_CONFIG_HOME`, `~/.config`. */
  origin: string;
  /** `config.yml` and `servercerts/` of remotes every user of the machine gets. */
  globalDir: string;
}

/** `image-server`: simplestreams, OCI or a public LXD: a source of images, not a server to manage. */
export type RemoteKind = 'https' | 'unix' | 'image-server';

export interface RemoteTlsFiles {
  clientCertPath: string;
  clientKeyPath: string;
  /** `client.ca`: validates the server instead of the system CAs (a PKI set-up). */
  caPath?: string;
  /** `servercerts/<remote>.crt`, the pinned server certificate; absent for a CA-signed server. */
  serverCertPath?: string;
}

export interface RemoteDescription {
  name: string;
  cli: RemoteCli;
  /** The user's configuration directory this remote was read with. */
  configDir: string;
  /** The `config.yml` that declares it; absent for the CLIs' built-in remotes. */
  definedIn?: string;
  scope: 'user' | 'global' | 'built-in';
  isDefault: boolean;
  kind: RemoteKind;
  /** As written: `https://host:8443` (Incus may list fallbacks), `unix://`, or an image server URL. */
  addresses: string[];
  /** `lxd`, `incus`, `simplestreams` or `oci`. */
  protocol: string;
  project?: string;
  public: boolean;
  /** `tls`, `oidc` or `candid` (empty means `tls` for a private remote, as the CLIs read it). */
  authType?: string;
  /** The local socket a `unix://` remote means. */
  socketPath?: string;
  tls?: RemoteTlsFiles;
  /**
   * An image server's certificate, `servercerts/<remote>.crt`, when there is one: the CLIs pin a
   * self-signed image server with it and pass it on to the daemon as the source's `certificate`.
   */
  imageServerCertPath?: string;
  /** Why this remote cannot be used as a connection; empty when it can. */
  problems: string[];
}

export interface CliRemotes {
  config: CliConfigDir;
  /** Whether `config.yml` exists; without it the CLI uses its defaults, listed here too. */
  exists: boolean;
  defaultRemote: string;
  remotes: RemoteDescription[];
  /** Files that could not be read: their remotes are missing, the rest is listed. */
  errors: RemoteConfigError[];
}

/** A configuration file that cannot be read or written; the message names the file. */
export class RemoteConfigError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'RemoteConfigError';
  }
}

/** One entry of `remotes:` as written. */
export interface RawRemote {
  addr?: unknown;
  auth_type?: unknown;
  project?: unknown;
  protocol?: unknown;
  public?: unknown;
  last_working_address?: unknown;
}

/** What a `config.yml` says, before defaults and merging. */
export interface RemoteConfigFile {
  defaultRemote?: string;
  remotes: Record<string, RawRemote>;
}

export const BUILT_IN: Record<RemoteCli, Record<string, RawRemote>> = {
  lxc: {
    local: { addr: 'unix://', public: false },
    ubuntu: { addr: 'https://cloud-images.ubuntu.com/releases', protocol: 'simplestreams', public: true },
    'ubuntu-daily': { addr: 'https://cloud-images.ubuntu.com/daily', protocol: 'simplestreams', public: true },
  },
  incus: { local: { addr: 'unix://', public: false } },
};

/** What the CLIs use when there is no `config.yml` yet, and write into a new one. */
const IMAGES: RawRemote = { addr: 'https://images.linuxcontainers.org', protocol: 'simplestreams', public: true };
export const DEFAULTS: Record<RemoteCli, Record<string, RawRemote>> = {
  lxc: { images: IMAGES, local: { addr: 'unix://', public: false } },
  incus: { images: IMAGES, local: { addr: 'unix://', protocol: 'incus', public: false } },
};

/**
 * The configuration directories the CLIs read, in their order. An override (`LXD_CONF`,
 * `INCUS_CONF`) is the only one its CLI reads; otherwise both the deb and the snap `lxc`, and
 * Incus' XDG and legacy places, are candidates.
 */
export function cliConfigDirs(opts: { env?: Env; home?: string } = {}): CliConfigDir[] {
  const env = opts.env ?? process.env;
  const home = opts.home ?? os.homedir();
  const incusGlobal = globalDirFor('incus', env);
  const out: CliConfigDir[] = [];
  if (env.LXD_CONF) {
    out.push({ cli: 'lxc', dir: env.LXD_CONF, origin: 'LXD_CONF', globalDir: globalDirFor('lxc', env) });
  } else {
    out.push({ cli: 'lxc', dir: path.join(home, '.config', 'lxc'), origin: 'deb', globalDir: globalDirFor('lxc', env) });
    // The snap's wrapper sets LXD_CONF and LXD_GLOBAL_CONF to these.
    out.push({
      cli: 'lxc',
      dir: path.join(home, 'snap', 'lxd', 'common', 'config'),
      origin: 'snap',
      globalDir: env.LXD_GLOBAL_CONF || '/var/snap/lxd/common/global-conf',
    });
  }
  if (env.INCUS_CONF) {
    out.push({ cli: 'incus', dir: env.INCUS_CONF, origin: 'INCUS_CONF', globalDir: incusGlobal });
  } else {
    if (env.XDG_CONFIG_HOME) {
      out.push({ cli: 'incus', dir: path.join(env.XDG_CONFIG_HOME, 'incus'), origin: 'XDG_CONFIG_HOME', globalDir: incusGlobal });
    }
    out.push({ cli: 'incus', dir: path.join(home, '.config', 'incus'), origin: '~/.config', globalDir: incusGlobal });
  }
  const seen = new Set<string>();
  return out.filter((c) => !seen.has(`${c.cli}:${c.dir}`) && seen.add(`${c.cli}:${c.dir}`));
}

export function globalDirFor(cli: RemoteCli, env: Env): string {
  return cli === 'lxc' ? env.LXD_GLOBAL_CONF || '/etc/lxd' : env.INCUS_GLOBAL_CONF || '/etc/incus';
}

/** Every CLI configuration directory that exists, with its remotes. Never throws for a bad file. */
export async function discoverRemotes(opts: { env?: Env; home?: string } = {}): Promise<CliRemotes[]> {
  const dirs = cliConfigDirs(opts).filter((c) => fs.existsSync(c.dir));
  return Promise.all(dirs.map((c) => readCliRemotes(c, opts)));
}

/**
 * What each CLI would read if it ran now without a configuration directory of its own (one never
 * used `lxc` or `incus` yet): its defaults (`images:`), its built-in remotes (`ubuntu:`) and the
 * system-wide ones, as if from the first directory it looks in.
 */
export async function cliDefaultRemotes(opts: { env?: Env; home?: string } = {}): Promise<CliRemotes[]> {
  const first = new Map<RemoteCli, CliConfigDir>();
  for (const c of cliConfigDirs(opts)) {
    if (!first.has(c.cli)) {
      first.set(c.cli, c);
    }
  }
  return Promise.all([...first.values()].map((c) => readCliRemotes(c, opts)));
}

/**
 * The remotes one CLI directory gives: its own, the global ones it does not override, and the
 * built-in ones, with `LXC_REMOTE` / `INCUS_REMOTE` overriding the default remote.
 */
export async function readCliRemotes(config: CliConfigDir, opts: { env?: Env } = {}): Promise<CliRemotes> {
  const env = opts.env ?? process.env;
  const errors: RemoteConfigError[] = [];
  const userFile = path.join(config.dir, 'config.yml');
  const globalFile = path.join(config.globalDir, 'config.yml');
  const user = await readConfigFile(userFile).catch((e: RemoteConfigError) => (errors.push(e), undefined));
  const global = await readConfigFile(globalFile).catch((e: RemoteConfigError) => (errors.push(e), undefined));
  const exists = user !== null;
  const own = user ? user.remotes : exists ? {} : DEFAULTS[config.cli];
  const entries = new Map<string, { raw: RawRemote; scope: RemoteDescription['scope']; definedIn?: string }>();
  for (const [name, raw] of Object.entries(own)) {
    entries.set(name, { raw, scope: user ? 'user' : 'built-in', definedIn: user ? userFile : undefined });
  }
  for (const [name, raw] of Object.entries(global?.remotes ?? {})) {
    if (!entries.has(name)) {
      entries.set(name, { raw, scope: 'global', definedIn: globalFile });
    }
  }
  // Built-in remotes always win, keeping only the project the user chose for them.
  for (const [name, raw] of Object.entries(BUILT_IN[config.cli])) {
    entries.set(name, { raw: { ...raw, project: entries.get(name)?.raw.project }, scope: 'built-in' });
  }
  const defaultRemote = (config.cli === 'lxc' ? env.LXC_REMOTE : env.INCUS_REMOTE) || user?.defaultRemote || 'local';
  const remotes = [...entries]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, e]) =>
      describeRemote(name, e.raw, { config, scope: e.scope, definedIn: e.definedIn, isDefault: name === defaultRemote, env }),
    );
  return { config, exists, defaultRemote, remotes, errors };
}

interface DescribeContext {
  config: CliConfigDir;
  scope: RemoteDescription['scope'];
  definedIn?: string;
  isDefault: boolean;
  env: Env;
}

function describeRemote(name: string, raw: RawRemote, ctx: DescribeContext): RemoteDescription {
  const { config } = ctx;
  const problems: string[] = [];
  const addresses = addressesOf(raw);
  const isPublic = raw.public === true || raw.public === 'true';
  const protocol = str(raw.protocol) || (config.cli === 'incus' ? 'incus' : 'lxd');
  const authType = str(raw.auth_type) || (isPublic ? undefined : 'tls');
  const base = {
    name,
    cli: config.cli,
    configDir: config.dir,
    definedIn: ctx.definedIn,
    scope: ctx.scope,
    isDefault: ctx.isDefault,
    addresses,
    protocol,
    project: str(raw.project),
    public: isPublic,
    authType,
    problems,
  };
  if (addresses.length === 0) {
    problems.push(`The remote has no address (addr) in ${ctx.definedIn ?? 'the configuration'}.`);
  }
  if (protocol === 'simplestreams' || protocol === 'oci' || isPublic) {
    const cert = serverCertPath(name, config, ctx.scope === 'global');
    return { ...base, kind: 'image-server', ...(fs.existsSync(cert) ? { imageServerCertPath: cert } : {}) };
  }
  if (addresses[0]?.startsWith('unix:')) {
    return { ...base, kind: 'unix', socketPath: unixSocketPath(addresses[0], config, ctx.env) };
  }
  if (authType !== 'tls') {
    problems.push(`The remote logs in with ${authType}, which LXD Explorer does not support: it needs a TLS client certificate.`);
    return { ...base, kind: 'https' };
  }
  const tls = tlsFiles(name, config, ctx.scope === 'global');
  for (const file of [tls.clientCertPath, tls.clientKeyPath]) {
    if (!fs.existsSync(file)) {
      problems.push(`The client certificate file ${file} does not exist: use the remote once with ${config.cli}, or add it again.`);
    }
  }
  if (fs.existsSync(tls.clientKeyPath) && isEncryptedKey(tls.clientKeyPath)) {
    problems.push(`The client key ${tls.clientKeyPath} is protected by a password, which LXD Explorer cannot ask for.`);
  }
  return { ...base, kind: 'https', tls };
}

/** Incus ≥ 7.1 allows several comma-separated addresses; the last one that worked goes first. */
function addressesOf(raw: RawRemote): string[] {
  const list = (str(raw.addr) ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const last = str(raw.last_working_address);
  return last && list.includes(last) ? [last, ...list.filter((a) => a !== last)] : list;
}

/** The client certificate: Incus may keep one per remote in `clientcerts/`; servercerts follow the remote's scope. */
function tlsFiles(name: string, config: CliConfigDir, global: boolean): RemoteTlsFiles {
  const perRemote = path.join(config.dir, 'clientcerts', name);
  const own = config.cli === 'incus' && fs.existsSync(`${perRemote}.crt`) && fs.existsSync(`${perRemote}.key`);
  const prefix = own ? perRemote : path.join(config.dir, 'client');
  const serverCert = serverCertPath(name, config, global);
  return {
    clientCertPath: `${prefix}.crt`,
    clientKeyPath: `${prefix}.key`,
    caPath: fs.existsSync(`${prefix}.ca`) ? `${prefix}.ca` : undefined,
    serverCertPath: fs.existsSync(serverCert) ? serverCert : undefined,
  };
}

/** `servercerts/<remote>.crt`, next to the `config.yml` that declares the remote. */
function serverCertPath(name: string, config: CliConfigDir, global: boolean): string {
  return path.join(global ? config.globalDir : config.dir, 'servercerts', `${name}.crt`);
}

/** `unix://` is the CLI's own local daemon; `unix:///path` a socket of its own. */
function unixSocketPath(addr: string, config: CliConfigDir, env: Env): string {
  const explicit = addr.replace(/^unix:(\/\/)?/, '');
  if (explicit) {
    return explicit;
  }
  const flavour = config.cli === 'lxc' ? 'lxd' : 'incus';
  const all = socketCandidates(env).filter((c) => c.kind === flavour);
  const fromEnv = all.find((c) => /_(SOCKET|DIR)$/.test(c.source));
  if (fromEnv) {
    return fromEnv.path;
  }
  // The snap's lxc talks to the snap's daemon; otherwise the CLI takes the first usable socket.
  const order = (config.origin === 'snap' ? all.filter((c) => c.path.includes('/snap/')) : all).map((c) => ({
    path: c.path,
    ...inspectSocket(c.path),
  }));
  return (order.find((c) => c.accessible) ?? order.find((c) => c.exists) ?? order[0] ?? all[0]).path;
}

function isEncryptedKey(file: string): boolean {
  try {
    return /ENCRYPTED/.test(fs.readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Parses a CLI `config.yml`; null when the file does not exist. YAML 1.1 like Go's yaml.v2. */
async function readConfigFile(file: string): Promise<RemoteConfigFile | null> {
  const text = await readConfigText(file);
  return text === undefined ? null : parseRemoteConfig(text, file);
}

/** A CLI `config.yml` as text; undefined when the file does not exist. */
export async function readConfigText(file: string): Promise<string | undefined> {
  try {
    return await fs.promises.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw new RemoteConfigError(file, `cannot be read (${(e as Error).message})`);
  }
}

/** The remotes and default remote of a `config.yml` text; throws a RemoteConfigError naming `file`. */
export function parseRemoteConfig(text: string, file: string): RemoteConfigFile {
  return checkRemoteConfig(yaml().parseDocument(text, { version: '1.1' }), file);
}

/** Parses a CLI `config.yml` for editing: the checked document, comments and order kept. */
export function parseRemoteDocument(text: string, file: string): Document {
  const doc = yaml().parseDocument(text, { version: '1.1' });
  checkRemoteConfig(doc, file);
  return doc;
}

function checkRemoteConfig(doc: Document, file: string): RemoteConfigFile {
  if (doc.errors.length > 0) {
    throw new RemoteConfigError(file, `is not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
  }
  const js = doc.toJS() as unknown;
  if (js === null || js === undefined) {
    return { remotes: {} };
  }
  if (!isPlainObject(js)) {
    throw new RemoteConfigError(file, 'is not a configuration: the top level must be a mapping (default-remote, remotes, aliases).');
  }
  const remotes = js.remotes ?? {};
  if (!isPlainObject(remotes) || !Object.values(remotes).every(isPlainObject)) {
    throw new RemoteConfigError(file, '"remotes" must map each remote name to its settings (addr, protocol, public…).');
  }
  return { defaultRemote: str(js['default-remote']), remotes: remotes as Record<string, RawRemote> };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** How to reach a remote: a client for it is `Client.unix(socketPath)` or `Client.https(options)`. */
export type RemoteConnection =
  { kind: 'unix'; socketPath: string; project?: string } | { kind: 'https'; options: HttpsTransportOptions; project?: string };

/** Reads the files a remote needs; throws a RemoteConfigError (naming the file) or says why it cannot be used. */
export async function remoteConnection(remote: RemoteDescription): Promise<RemoteConnection> {
  if (remote.problems.length > 0 || remote.kind === 'image-server') {
    throw new RemoteConfigError(
      remote.definedIn ?? remote.configDir,
      `remote "${remote.name}": ${remote.problems[0] ?? 'it is an image server, not a server to manage.'}`,
    );
  }
  if (remote.kind === 'unix') {
    return { kind: 'unix', socketPath: remote.socketPath!, project: remote.project };
  }
  const files = remote.tls!;
  const read = async (file?: string): Promise<string | undefined> =>
    file === undefined
      ? undefined
      : fs.promises.readFile(file, 'utf8').catch((e: Error) => {
          throw new RemoteConfigError(file, `cannot be read (${e.message})`);
        });
  const [clientCert, clientKey, ca, serverCertificate] = await Promise.all([
    read(files.clientCertPath),
    read(files.clientKeyPath),
    read(files.caPath),
    read(files.serverCertPath),
  ]);
  const url = remote.addresses[0].includes('://') ? remote.addresses[0] : `https://${remote.addresses[0]}`;
  return {
    kind: 'https',
    options: { url, clientCert: clientCert!, clientKey: clientKey!, ca, serverCertificate },
    project: remote.project,
  };
}

/** A client for a remote, in the remote's project unless `options.project` says otherwise. */
export async function connectRemote(remote: RemoteDescription, options: ClientOptions = {}): Promise<Client> {
  const c = await remoteConnection(remote);
  const opts = { ...options, project: options.project ?? c.project };
  return c.kind === 'unix' ? Client.unix(c.socketPath, opts) : Client.https(c.options, opts);
}
