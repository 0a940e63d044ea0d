import { FoundKey, KeyLists } from './keys';

/** The facts a hover shows under the description, in this order, with how each is named. */
const FACTS: [field: string, label: string][] = [
  ['defaultdesc', 'Default'],
  ['default', 'Default'],
  ['initialvaluedesc', 'Initial value'],
  ['liveupdate', 'Live update'],
  ['condition', 'Condition'],
  ['scope', 'Scope'],
  ['required', 'Required'],
  ['resource', 'Resource'],
];

/**
 * A key's hover as Markdown: the key and its type, its short and long description, its default,
 * live update, condition and scope, and where the description comes from: marked "not advertised
 * by this server" when it is the generated table's.
 */
export function describeKey(found: FoundKey, written: string, lists: KeyLists): string {
  const { info, origin } = found;
  const f = info.fields;
  const head = `**\`${info.key}\`**${f.type ? ` · ${f.type}` : ''}${info.key !== written ? ` (for \`${written}\`)` : ''}`;
  const facts = FACTS.filter(([field]) => f[field] && !(field === 'default' && f.defaultdesc))
    .map(([field, label]) => `${label}: ${cleanMarkup(f[field])}`)
    .join(' · ');
  const parts = [
    head,
    f.shortdesc && cleanMarkup(f.shortdesc),
    f.longdesc && cleanMarkup(f.longdesc),
    facts,
    f.note && cleanMarkup(f.note),
    `_${originLine(origin, lists)}_`,
  ];
  return parts.filter((p): p is string => !!p).join('\n\n');
}

function originLine(origin: FoundKey['origin'], lists: KeyLists): string {
  switch (origin) {
    case 'server':
      return `From the key list of this server (${lists.server.label}).`;
    case 'table':
      return `Not advertised by this server: ${lists.server.label} publishes no key list, this is ${lists.table?.label ?? 'Incus'}'s.`;
    case 'known':
      return `In no key list, but ${lists.server.label} accepts it.`;
  }
}

/**
 * The metadata is written for Sphinx (MyST): roles such as {config:option}`instance-raw:raw.lxc`
 * and {ref}`a label <target>` read as plain text in a hover.
 */
export function cleanMarkup(text: string): string {
  return text
    .replace(/\{config:option\}`(?:[^`:]*:)?([^`]*)`/g, '`$1`')
    .replace(/\{ref\}`([^`<]*?)\s*<[^`]*>`/g, '$1')
    .replace(/\{ref\}`([^`]*)`/g, (_m, target: string) => `*${target.replace(/-/g, ' ')}*`)
    .replace(/\{[a-z:]+\}`([^`]*)`/g, '$1')
    .replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_m, name: string) => name.replace(/_/g, ' '));
}
