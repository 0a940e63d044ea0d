import { ClientCertificate, ServerKind, certificateFingerprint, generateClientCertificate } from '../client';

/**
 * The remotes added in VS Code and the client certificate they use. What is public (addresses,
 * pinned fingerprints, the certificate) lives in the extension's global state; the private key
 * only in VS Code's secret storage, so it never reaches settings, state files or logs.
 */

/** The subset of `vscode.Memento` the store needs. */
export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

/** The subset of `vscode.SecretStorage` the store needs. */
export interface SecretStore {
  get(key: string): Thenable<string | undefined>;
  store(key: string, value: string): Thenable<void>;
  delete(key: string): Thenable<void>;
}

export interface StoredRemote {
  name: string;
  /** `https://host:port`. */
  url: string;
  /** SHA-256 of the pinned server certificate, lower-case hex. */
  fingerprint: string;
  project?: string;
  /** What the server was when it was added. */
  server?: ServerKind;
  addedAt: string;
}

const REMOTES = 'lxd.remotes';
const CERTIFICATE = 'lxd.clientCertificate';
const KEY = 'lxd.clientKey';

export class RemoteStore {
  private creating?: Promise<ClientCertificate>;

  constructor(
    private readonly state: StateStore,
    private readonly secrets: SecretStore,
  ) {}

  list(): StoredRemote[] {
    return [...(this.state.get<StoredRemote[]>(REMOTES) ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  }

  get(name: string): StoredRemote | undefined {
    return this.list().find((r) => r.name === name);
  }

  async add(remote: StoredRemote): Promise<void> {
    if (this.get(remote.name)) {
      throw new Error(`A remote named "${remote.name}" already exists.`);
    }
    await this.state.update(REMOTES, [...this.list(), remote]);
  }

  /** Replaces the remote called `name` with `next` (a new name, pin or project). */
  async update(name: string, next: StoredRemote): Promise<void> {
    const all = this.list();
    if (!all.some((r) => r.name === name)) {
      throw new Error(`There is no remote named "${name}".`);
    }
    if (next.name !== name && all.some((r) => r.name === next.name)) {
      throw new Error(`A remote named "${next.name}" already exists.`);
    }
    await this.state.update(
      REMOTES,
      all.map((r) => (r.name === name ? next : r)),
    );
  }

  async remove(name: string): Promise<void> {
    await this.state.update(
      REMOTES,
      this.list().filter((r) => r.name !== name),
    );
  }

  /**
   * The client certificate remotes added here use, or undefined when there is none or its key is
   * gone (a browser-based VS Code may keep secrets only in memory until it reloads).
   */
  async identity(): Promise<ClientCertificate | undefined> {
    const cert = this.state.get<string>(CERTIFICATE);
    const key = cert ? await this.secrets.get(KEY) : undefined;
    return cert && key ? { cert, key, fingerprint: certificateFingerprint(cert) } : undefined;
  }

  /** The client certificate, generated like the CLIs do the first time one is needed. */
  ensureIdentity(): Promise<ClientCertificate> {
    this.creating ??= (async () => {
      const existing = await this.identity();
      if (existing) {
        return existing;
      }
      const made = await generateClientCertificate();
      // The key first: a certificate without its key would be useless.
      await this.secrets.store(KEY, made.key);
      await this.state.update(CERTIFICATE, made.cert);
      return made;
    })().finally(() => (this.creating = undefined));
    return this.creating;
  }

  /** Whether a certificate was made here once but its key is no longer in the secret storage. */
  async identityLost(): Promise<boolean> {
    return !!this.state.get<string>(CERTIFICATE) && !(await this.secrets.get(KEY));
  }
}
