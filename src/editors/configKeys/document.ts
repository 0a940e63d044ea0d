import type { Node } from 'yaml';
import { yaml } from '../../client/yaml';

/** A `key: value` of a `config:` or device map, with where its key and value are in the text (offsets). */
export interface Entry {
  key: string;
  keyStart: number;
  keyEnd: number;
  /** The value as the save sends it (yamlModel: scalars become text, nothing is ""); `undefined` for a list or mapping. */
  text: string | undefined;
  valueStart: number;
  valueEnd: number;
}

export interface DeviceBlock {
  name: string;
  nameStart: number;
  nameEnd: number;
  /** The device's properties as text (what `type`, `nictype` say). */
  props: Record<string, string>;
  entries: Entry[];
}

export interface YamlProblem {
  start: number;
  end: number;
  message: string;
}

/** What the key checks read of a configuration document. */
export interface ConfigDocument {
  /** The YAML's own errors: while there are any, the keys are not checked (a half-typed line reads as nonsense keys). */
  errors: YamlProblem[];
  config: Entry[];
  devices: DeviceBlock[];
}

export function readConfigDocument(text: string): ConfigDocument {
  const doc = yaml().parseDocument(text);
  const errors = doc.errors.map((e) => ({
    start: e.pos[0],
    end: Math.max(e.pos[1], e.pos[0] + 1),
    message: e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''),
  }));
  const out: ConfigDocument = { errors, config: [], devices: [] };
  if (errors.length || !yaml().isMap(doc.contents)) {
    return out;
  }
  for (const pair of doc.contents.items) {
    const field = yaml().isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (field === 'config' && yaml().isMap(pair.value)) {
      out.config = entriesOf(pair.value);
    } else if (field === 'devices' && yaml().isMap(pair.value)) {
      for (const device of pair.value.items) {
        if (yaml().isScalar(device.key) && device.key.range && yaml().isMap(device.value)) {
          const entries = entriesOf(device.value);
          const props = Object.fromEntries(entries.filter((e) => e.text !== undefined).map((e) => [e.key, e.text as string]));
          out.devices.push({
            name: String(device.key.value),
            nameStart: device.key.range[0],
            nameEnd: device.key.range[1],
            props,
            entries,
          });
        }
      }
    }
  }
  return out;
}

function entriesOf(map: { items: { key: unknown; value: unknown }[] }): Entry[] {
  const out: Entry[] = [];
  for (const { key, value } of map.items) {
    if (!yaml().isScalar(key) || !key.range) {
      continue;
    }
    const node = value as Node | null;
    const [valueStart, valueEnd] = node?.range ?? [key.range[1], key.range[1]];
    out.push({ key: String(key.value), keyStart: key.range[0], keyEnd: key.range[1], text: textOf(node), valueStart, valueEnd });
  }
  return out;
}

/**
 * The text a value stands for: a plain scalar as written (`1.0` stays `1.0`, which an integer key
 * refuses even though YAML reads the number 1), a quoted one as its string, nothing as "".
 */
function textOf(node: Node | null): string | undefined {
  if (node === null || node === undefined) {
    return '';
  }
  if (!yaml().isScalar(node)) {
    return undefined;
  }
  if (node.value === null) {
    return '';
  }
  return node.type === 'PLAIN' && typeof node.source === 'string' ? node.source : String(node.value);
}
