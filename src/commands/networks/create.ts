import * as vscode from 'vscode';
import type { Network } from '../../generated';
import { Connection } from '../../connections/connection';
import { Command, CommandContext } from '../context';
import { askPick, askText, resolveConnection } from '../targets';
import { createOnServer } from './_members';
import { IpFamily, addressProblem, networkNameProblem } from './_validate';
import { UserError, failed } from '../wrapper';

interface NetworkType {
  type: string;
  label: string;
  detail: string;
  /** The API extension that brings this type (bridges come with `network`). */
  extension?: string;
}

const TYPES: NetworkType[] = [
  { type: 'bridge', label: 'Bridge', detail: 'A virtual switch on this host, with addresses, DHCP and NAT if you want them.' },
  {
    type: 'macvlan',
    label: 'Macvlan',
    detail: 'Instances appear directly on the network of a host interface.',
    extension: 'network_type_macvlan',
  },
  { type: 'sriov', label: 'SR-IOV', detail: 'Virtual functions of an SR-IOV capable network card.', extension: 'network_type_sriov' },
  {
    type: 'physical',
    label: 'Physical',
    detail: 'A host interface handed over whole, e.g. as the uplink of OVN networks.',
    extension: 'network_type_physical',
  },
  {
    type: 'ovn',
    label: 'OVN',
    detail: 'A software-defined network on an uplink network (needs OVN on the host).',
    extension: 'network_type_ovn',
  },
];

/** Keys that belong to one cluster member (see createOnServer). */
const MEMBER_KEYS = ['parent', 'bridge.external_interfaces'];

/**
 * The create wizard: type (those the server supports), name (checked as LXD checks it), then what
 * the type needs: addresses for a bridge or OVN network (`auto`, `none` or an address/prefix),
 * the host interface for macvlan, SR-IOV and physical, the uplink for OVN.
 */
export const createNetwork: Command = {
  id: 'lxd.network.create',
  async run(ctx: CommandContext, node?: unknown) {
    const c = await resolveConnection(ctx, node, vscode.l10n.t('Create Network'));
    const project = c.defaultProject;
    const api = c.api(project).networks;
    const networks = await api.list();
    const title = (step: string): string => `Create Network on ${c.name}: ${step}`;
    const type = await pickType(c, title('type'));
    const name = await askText({
      title: title('name'),
      prompt:
        type === 'bridge'
          ? vscode.l10n.t('Network name: it becomes the bridge interface, at most 15 characters')
          : vscode.l10n.t('Network name'),
      placeHolder: type === 'bridge' ? vscode.l10n.t('e.g. lxdbr1') : vscode.l10n.t('e.g. lan'),
      validateInput: (v) =>
        networkNameProblem(
          v,
          type,
          networks.map((n) => n.name ?? ''),
        ),
    });
    const config: Record<string, string> = {};
    if (type === 'ovn') {
      config.network = await pickUplink(networks, title('uplink'));
    }
    if (type === 'bridge' || type === 'ovn') {
      config['ipv4.address'] = await pickAddress(4, title('IPv4'));
      config['ipv6.address'] = await pickAddress(6, title('IPv6'));
    } else {
      config.parent = await pickParent(networks, type, title('parent interface'));
    }
    await vscode.window.withProgress(
      { location: { viewId: 'lxd.views.networks' }, title: vscode.l10n.t('Creating network {0}…', name) },
      async () => {
        try {
          await createOnServer(c, config, MEMBER_KEYS, (cfg, target) => api.create({ name, type, config: cfg }, { target }));
        } catch (e) {
          throw failed(vscode.l10n.t('Cannot create network {0}', name), e);
        }
      },
    );
  },
};

async function pickType(c: Connection, title: string): Promise<string> {
  const offered = TYPES.filter((t) => !t.extension || c.hasExtension(t.extension));
  if (offered.length === 1) {
    return offered[0].type;
  }
  const pick = await askPick(
    offered.map((t) => ({ label: t.label, description: t.type, detail: t.detail, type: t.type })),
    { title, placeHolder: vscode.l10n.t('Network type'), ignoreFocusOut: true },
  );
  return pick.type;
}

/** `auto` (the default for people), `none`, or an address with its prefix length. */
async function pickAddress(family: IpFamily, title: string): Promise<string> {
  const pick = await askPick(
    [
      {
        label: 'auto',
        description: `A free private IPv${family} subnet, picked by the server${family === 4 ? ', with DHCP and NAT' : ''}`,
        value: 'auto',
      },
      { label: 'none', description: `No IPv${family} on this network`, value: 'none' },
      { label: 'Enter an address…', description: family === 4 ? 'e.g. 10.10.10.1/24' : 'e.g. fd42:1:2:3::1/64', value: '' },
    ],
    { title, placeHolder: vscode.l10n.t('ipv{0}.address of the network', family), ignoreFocusOut: true },
  );
  if (pick.value) {
    return pick.value;
  }
  return askText({
    title,
    prompt: vscode.l10n.t("The network's own IPv{0} address with the subnet's prefix length", family),
    placeHolder: family === 4 ? '10.10.10.1/24' : 'fd42:1:2:3::1/64',
    validateInput: (v) => addressProblem(v.trim(), family),
  }).then((v) => v.trim());
}

async function pickParent(networks: Network[], type: string, title: string): Promise<string> {
  const interfaces = networks.filter((n) => !n.managed && n.type !== 'loopback');
  if (!interfaces.length) {
    return askText({
      title,
      prompt: vscode.l10n.t('The host interface the {0} network uses', type),
      placeHolder: vscode.l10n.t('e.g. eth0'),
      validateInput: (v) => (v ? undefined : 'An interface name is required.'),
    });
  }
  const pick = await askPick(
    interfaces.map((n) => ({ label: n.name ?? '', description: n.type })),
    { title, placeHolder: vscode.l10n.t('The host interface the {0} network uses', type), ignoreFocusOut: true },
  );
  return pick.label;
}

async function pickUplink(networks: Network[], title: string): Promise<string> {
  const uplinks = networks.filter((n) => n.managed && (n.type === 'bridge' || n.type === 'physical'));
  if (!uplinks.length) {
    throw new UserError(vscode.l10n.t('An OVN network needs an uplink: create a managed bridge or physical network first.'));
  }
  const pick = await askPick(
    uplinks.map((n) => ({ label: n.name ?? '', description: n.type })),
    { title, placeHolder: vscode.l10n.t('The uplink network'), ignoreFocusOut: true },
  );
  return pick.label;
}
