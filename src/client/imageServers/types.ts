/** How an image server speaks: a static simplestreams tree, or the REST API of a public LXD / Incus. */
export type ImageServerProtocol = 'simplestreams' | 'lxd' | 'incus';

/** An image server, as the CLIs' `images:` / `ubuntu:` remotes or `lxd.connections` describe one. */
export interface ImageServer {
  /** `https://images.linuxcontainers.org`, `https://cloud-images.ubuntu.com/releases`, `https://host:8443`. */
  url: string;
  protocol: ImageServerProtocol;
  /**
   * The PEM certificate of a server that is not signed by a CA the system trusts (a self-signed
   * one): pinned, so exactly this certificate is accepted. The daemon gets it too, as the
   * `certificate` of the instance or image source.
   */
  certificate?: string;
  /** The project to read on an LXD / Incus server (untrusted clients see only public images). */
  project?: string;
}

/** One image an image server offers, in the words `lxc image list images:` uses. */
export interface RemoteImage {
  /** The fingerprint the daemon will give the image once downloaded. */
  fingerprint: string;
  /**
   * What a user types after the remote's name: `debian/12`, `debian/12/cloud`, `24.04`. Only the
   * newest build of a product carries them, as the daemons resolve them.
   */
  aliases: string[];
  /** `Debian`, `ubuntu`, `Busybox`: as the server writes it. */
  os: string;
  /** `12`, `bookworm`, `edge`. */
  release: string;
  /** How the server titles the release: `22.04 LTS`, `bookworm`. */
  releaseTitle?: string;
  /** `default`, `cloud`, …, where the server has variants. */
  variant?: string;
  /** LXD's name of the architecture (`x86_64`, `aarch64`), as the server's `environment.architectures` lists it. */
  architecture: string;
  type: 'container' | 'virtual-machine';
  description: string;
  /** Bytes to download. */
  size: number;
  /** When the image was built (simplestreams: the date of its build serial). */
  createdAt: Date;
  /** The build: `20240101_05:24` on simplestreams servers. */
  serial?: string;
}
