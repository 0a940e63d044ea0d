import { Subject, configAreas, deviceAreas, isDeviceKind } from './areas';
import { ConfigDocument, Entry } from './document';
import { ConfigKeys } from './keys';

export interface Problem {
  start: number;
  end: number;
  severity: 'error' | 'warning';
  message: string;
}

/** The words LXD and Incus take for a boolean (`validate.IsBool`, any case), besides an empty value. */
const BOOLEAN_WORDS = ['true', 'false', 'yes', 'no', 'on', 'off', '1', '0'];

/**
 * What is wrong with a configuration document before it is saved: YAML errors; a value of the
 * wrong type (errors: the server refuses them); a key no list has (warnings: the server has the
 * last word, and its lists are not complete). `user.*` and the other patterns a list declares are
 * keys like any other.
 */
export function diagnose(doc: ConfigDocument, keys: ConfigKeys, subject: Subject): Problem[] {
  if (doc.errors.length) {
    return doc.errors.map((e) => ({ ...e, severity: 'error', message: `Invalid YAML: ${e.message}` }));
  }
  const problems: Problem[] = [];
  const areas = configAreas(subject);
  for (const entry of doc.config) {
    problems.push(...checkEntry(entry, keys, { areas, judged: keys.judges(areas), owner: withArticle(nounOf(subject)) }));
  }
  for (const device of doc.devices) {
    if (!device.props.type) {
      problems.push({
        start: device.nameStart,
        end: device.nameEnd,
        severity: 'error',
        message: `Device "${device.name}" needs a "type" (disk, nic, …).`,
      });
      continue;
    }
    const { areas: deviceArea, exact } = deviceAreas(device.props, keys);
    const owner = withArticle(`${device.props.type} device`);
    for (const entry of device.entries.filter((e) => !isDeviceKind(e.key))) {
      problems.push(...checkEntry(entry, keys, { areas: deviceArea, judged: exact, owner }));
    }
  }
  return problems;
}

function checkEntry(entry: Entry, keys: ConfigKeys, where: { areas: string[]; judged: boolean; owner: string }): Problem[] {
  const at = { start: entry.keyStart, end: entry.keyEnd };
  if (entry.text === undefined) {
    return [
      {
        start: entry.valueStart,
        end: entry.valueEnd,
        severity: 'error',
        message: `"${entry.key}" must be a single value, not a list or mapping.`,
      },
    ];
  }
  const found = keys.find(where.areas, entry.key);
  if (!found) {
    return where.judged
      ? [{ ...at, severity: 'warning', message: `Unknown key "${entry.key}" for ${where.owner}: ${keys.unknownReason}` }]
      : [];
  }
  const wrong = typeProblem(entry.key, found.info.fields.type, entry.text);
  return wrong ? [{ start: entry.valueStart, end: Math.max(entry.valueEnd, entry.valueStart + 1), severity: 'error', message: wrong }] : [];
}

/** Only the types the servers check the same way everywhere: booleans and integers. An empty value unsets a key. */
export function typeProblem(key: string, type: string | undefined, text: string): string | undefined {
  if (text === '') {
    return undefined;
  }
  if (type === 'bool' && !BOOLEAN_WORDS.includes(text.toLowerCase())) {
    return `"${key}" is a boolean: true or false (yes/no, on/off and 1/0 also do), not "${text}".`;
  }
  if ((type === 'integer' || type === 'int') && !/^[+-]?\d+$/.test(text)) {
    return `"${key}" is an integer, not "${text}".`;
  }
  return undefined;
}

function nounOf(s: Subject): string {
  switch (s.kind) {
    case 'network':
      return s.type ? `${s.type} network` : 'network';
    case 'pool':
      return s.driver ? `${s.driver} storage pool` : 'storage pool';
    case 'volume':
      return s.driver ? `volume on a ${s.driver} pool` : 'storage volume';
    default:
      return s.kind;
  }
}

function withArticle(noun: string): string {
  return `${/^([aeio]|u(?!s|ni))/.test(noun) ? 'an' : 'a'} ${noun}`;
}
