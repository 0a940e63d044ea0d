import type { InstanceSource, InstancesPost } from '../../generated';
import type { ServerKind } from './server';

export type InstanceKind = 'container' | 'virtual-machine';

/** Where the image of a new instance comes from. */
export type ImageRef = { alias: string; fingerprint?: never } | { fingerprint: string; alias?: never };

/** An image on another server (simplestreams or LXD/Incus), as `lxc launch images:debian/12` uses. */
export interface RemoteImageRef {
  server: string;
  /** LXD 5.0 refuses `incus` ("Unsupported protocol") and reads an Incus server as `lxd`; Incus wants `incus` for both. */
  protocol: 'simplestreams' | 'lxd' | 'incus';
  alias?: string;
  fingerprint?: string;
  /** The PEM certificate of a self-signed server, which the daemon then accepts for the download. */
  certificate?: string;
  /**
   * The project on an LXD / Incus server the image is in. Honoured when downloading into the image
   * store (`POST /1.0/images`); LXD 5.0.2 and Incus 6.0.4 ignore it when creating an instance.
   */
  project?: string;
  /** A token for a private image on an LXD / Incus server (`POST /1.0/images/{fingerprint}/secret` there). */
  secret?: string;
}

/**
 * Builds the body of `POST /1.0/instances`, the most involved request users make:
 *
 *   new InstanceBuilder('web').image({ alias: 'debian/12' }).vm().profiles('default', 'big')
 *     .config({ 'limits.cpu': '2' }).device('data', { type: 'disk', source: '/srv', path: '/srv' })
 *
 * A name every server refuses fails before any request is sent (see `instanceNameProblem`).
 */
export class InstanceBuilder {
  private readonly body: InstancesPost;

  constructor(name: string) {
    const problem = instanceNameProblem(name);
    if (problem) {
      throw new TypeError(problem);
    }
    this.body = { name, type: 'container', source: { type: 'none' } };
  }

  image(ref: ImageRef | RemoteImageRef): this {
    const source: InstanceSource = { type: 'image' };
    if ('server' in ref) {
      const { server, protocol, certificate, project, secret } = ref;
      Object.assign(
        source,
        { server, protocol, mode: 'pull' },
        certificate && { certificate },
        project && { project },
        secret && { secret },
      );
    }
    if (ref.alias) {
      source.alias = ref.alias;
    }
    if (ref.fingerprint) {
      source.fingerprint = ref.fingerprint;
    }
    this.body.source = source;
    return this;
  }

  /** An instance without a root filesystem from an image (e.g. to import one later). */
  empty(): this {
    this.body.source = { type: 'none' };
    return this;
  }

  type(kind: InstanceKind): this {
    this.body.type = kind;
    return this;
  }

  vm(): this {
    return this.type('virtual-machine');
  }

  container(): this {
    return this.type('container');
  }

  /** Replaces the profile list (the server applies `default` when none is given). */
  profiles(...names: string[]): this {
    this.body.profiles = names;
    return this;
  }

  config(values: Record<string, string>): this {
    this.body.config = { ...this.body.config, ...values };
    return this;
  }

  device(name: string, device: Record<string, string>): this {
    if (!device.type) {
      throw new TypeError(`Device "${name}" needs a type (disk, nic, …)`);
    }
    this.body.devices = { ...this.body.devices, [name]: device };
    return this;
  }

  description(text: string): this {
    this.body.description = text;
    return this;
  }

  ephemeral(on = true): this {
    this.body.ephemeral = on;
    return this;
  }

  /** An instance type such as `c2-m4` or `t2.micro` (LXD maps it to limits). */
  instanceType(t: string): this {
    this.body.instance_type = t;
    return this;
  }

  build(): InstancesPost {
    return structuredClone(this.body);
  }
}

/**
 * Why the server would refuse this instance name, or undefined when it may accept it. Instance names
 * are hostnames; checked against LXD 5.0.2 and Incus 6.0.4, both refuse: an empty name, more than 63
 * characters, anything but ASCII letters, digits and hyphens (`_`, `.`, spaces, `é`; `/` is for
 * snapshots), a leading or trailing hyphen, and a name of digits only. LXD 5.0 also refuses a
 * leading digit, which Incus accepts (`1web`, `0x1f`): pass the server's kind to check that too;
 * without it only what every server refuses is reported, and the server has the last word.
 */
export function instanceNameProblem(name: string, server?: ServerKind): string | undefined {
  if (!name) {
    return 'An instance name is required.';
  }
  if (name.length > 63) {
    return `"${name}" is too long: instance names have at most 63 characters.`;
  }
  if (!/^[a-zA-Z0-9-]+$/.test(name)) {
    return `"${name}" is not a valid instance name: use only letters, digits and hyphens.`;
  }
  if (name.startsWith('-')) {
    return `"${name}" is not a valid instance name: it must not start with a hyphen.`;
  }
  if (name.endsWith('-')) {
    return `"${name}" is not a valid instance name: it must not end with a hyphen.`;
  }
  if (/^[0-9]+$/.test(name)) {
    return `"${name}" is not a valid instance name: it must not be a number.`;
  }
  if (server === 'lxd' && /^[0-9]/.test(name)) {
    return `"${name}" is not a valid instance name: it must start with a letter.`;
  }
  return undefined;
}
