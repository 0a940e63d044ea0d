import type { Instance, InstancePut } from '../generated';
import type { ProjectOptions } from './api/base';
import type { Client } from './client';
import { ApiError } from './errors';
import { isLoopback } from './listeningPorts';

/** An instance's `proxy` device, as `lxc config device add c1 web proxy listen=… connect=…` makes it. */
export interface ProxyDevice {
  /** The device's name in the instance's `devices`. */
  name: string;
  /** `tcp:127.0.0.1:40123`: where the server (bind=host) or the instance (bind=instance) listens. */
  listen: string;
  /** `tcp:127.0.0.1:8000`: where each connection goes on the other side. */
  connect: string;
  bind: 'host' | 'instance';
}

/** A proxy device's end, `tcp:127.0.0.1:8000` or `tcp:[::1]:8000`, read back; undefined for unix sockets, port ranges, UDP. */
export function parseProxyAddress(value: string): { address: string; port: number } | undefined {
  const m = /^tcp:(?:\[([^\]]+)\]|([^:[\]]*)):(\d+)$/.exec(value);
  const port = m ? Number(m[3]) : NaN;
  return m && port > 0 && port < 65536 ? { address: m[1] ?? m[2], port } : undefined;
}

/** The proxy devices an instance has itself (not those of its profiles, which it cannot remove), by name. */
export function proxyDevices(instance: Pick<Instance, 'devices'>): ProxyDevice[] {
  return Object.entries(instance.devices ?? {})
    .filter(([, d]) => d.type === 'proxy')
    .map(([name, d]) => ({
      name,
      listen: d.listen ?? '',
      connect: d.connect ?? '',
      bind: d.bind === 'instance' ? ('instance' as const) : ('host' as const),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The port of the server's loopback a device listens on (bind=host, TCP), the one a browser there can open. */
export function loopbackListenPort(d: ProxyDevice): number | undefined {
  const listen = parseProxyAddress(d.listen);
  return d.bind === 'host' && listen && isLoopbackHost(listen.address) ? listen.port : undefined;
}

function isLoopbackHost(address: string): boolean {
  return isLoopback(address) || address === 'localhost';
}

/**
 * The device that already forwards a loopback port of the server to `port` inside the instance,
 * so that opening it again adds nothing.
 */
export function forwardingDevice(devices: ProxyDevice[], port: number): (ProxyDevice & { hostPort: number }) | undefined {
  for (const d of devices) {
    const hostPort = loopbackListenPort(d);
    const connect = parseProxyAddress(d.connect);
    if (
      hostPort !== undefined &&
      connect?.port === port &&
      (isLoopbackHost(connect.address) || connect.address === '0.0.0.0' || connect.address === '::')
    ) {
      return { ...d, hostPort };
    }
  }
  return undefined;
}

/** The name of the device that forwards a port for the browser: recognisable in `lxc config device show`. */
export function webDeviceName(port: number, taken: string[] = []): string {
  const base = `vscode-web-${port}`;
  let name = base;
  for (let n = 2; taken.includes(name); n++) {
    name = `${base}-${n}`;
  }
  return name;
}

export interface AddForwardOptions extends ProjectOptions {
  /** The device's name. */
  name: string;
  /** The port inside the instance. */
  port: number;
  /** The server's loopback port to listen on. */
  hostPort: number;
}

/**
 * Adds a proxy device that listens on the server's `127.0.0.1:<hostPort>` and connects, from inside
 * the instance's network namespace, to its `127.0.0.1:<port>`. Not NAT mode: that needs the instance
 * to have a NIC with a static address, and a container without any NIC still works this way. The
 * server starts the device (and binds its port) while the change is applied: a port already taken
 * fails the PATCH, and nothing is added.
 */
export async function addForward(client: Client, instance: string, opts: AddForwardOptions): Promise<ProxyDevice> {
  const device = { type: 'proxy', listen: `tcp:127.0.0.1:${opts.hostPort}`, connect: `tcp:127.0.0.1:${opts.port}`, bind: 'host' };
  await client.instances.patch(instance, { devices: { [opts.name]: device } }, opts);
  return { name: opts.name, listen: device.listen, connect: device.connect, bind: 'host' };
}

/** Whether a failed `addForward` failed because the listening port is taken on the server. */
export function isPortTaken(e: unknown): boolean {
  return e instanceof ApiError && /address already in use|Failed to listen|Failed to receive fd from listener/i.test(e.lxdMessage);
}

/**
 * Removes one of the instance's own devices. PATCH cannot remove a device (a device set to null is
 * refused), so the instance is read with its ETag and put back without it; a change made meanwhile
 * (412) is read again, a few times.
 */
export async function removeDevice(client: Client, instance: string, device: string, opts?: ProjectOptions): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const { value, etag } = await client.instances.getTagged(instance, opts);
    if (!value.devices?.[device]) {
      return;
    }
    const devices = { ...value.devices };
    delete devices[device];
    const put: InstancePut = {
      architecture: value.architecture,
      config: value.config,
      description: value.description,
      devices,
      ephemeral: value.ephemeral,
      profiles: value.profiles,
      stateful: value.stateful,
    };
    try {
      await client.instances.update(instance, put, { ...opts, etag }).wait();
      return;
    } catch (e) {
      if (!(e instanceof ApiError && e.isConflict) || attempt >= 2) {
        throw e;
      }
    }
  }
}
