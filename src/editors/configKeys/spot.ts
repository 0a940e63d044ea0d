/**
 * Where the cursor is in a configuration document, read line by line: completion and hover must
 * work in text that is not valid YAML yet (a key half typed, `config: {}` with a line under it).
 */

/** The map a line belongs to: the object's `config:`, or one device under `devices:`. */
export type Block = { in: 'config' } | { in: 'device'; name: string; props: Record<string, string> };

export type Spot =
  /** On a key (or an empty line) of the block: `start`–`end` is the key as typed so far. */
  | {
      at: 'key';
      block: Block;
      key: string;
      start: number;
      end: number;
      /** Keys already in the block (not offered again). */
      present: string[];
      /** `{}` after the block's own key (`config: {}`), to remove when a key is added under it. */
      emptyBraces?: { start: number; end: number };
    }
  /** On the value of `key`: `start`–`end` is the value as typed so far. */
  | { at: 'value'; block: Block; key: string; start: number; end: number };

interface Line {
  start: number;
  text: string;
  indent: number;
  /** Only spaces, or a comment: not part of the structure. */
  blank: boolean;
}

function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const trimmed = line.trimStart();
    out.push({ start, text: line, indent: line.length - trimmed.length, blank: trimmed === '' || trimmed.startsWith('#') });
    start += raw.length + 1;
  }
  return out;
}

/** The key of a `key: value` line and where its colon is (-1 when it has none yet). */
function keyOf(line: Line): { key: string; colon: number } {
  const m = /:(\s|$)/.exec(line.text.slice(line.indent));
  const colon = m ? line.indent + m.index : -1;
  const raw = line.text.slice(line.indent, colon >= 0 ? colon : undefined).trimEnd();
  return { key: unquote(raw), colon };
}

function unquote(text: string): string {
  return /^(['"]).*\1$/.test(text) ? text.slice(1, -1) : text;
}

function valueOf(line: Line, colon: number): string {
  return unquote(line.text.slice(colon + 1).trim());
}

/** The nearest line above `index` that is less indented than `indent`. */
function parentOf(lines: Line[], index: number, indent: number): number {
  for (let i = index - 1; i >= 0; i--) {
    if (!lines[i].blank && lines[i].indent < indent) {
      return i;
    }
  }
  return -1;
}

/** The lines under `parent` at `indent`, but `except`. */
function childrenOf(lines: Line[], parent: number, indent: number, except: number): Line[] {
  const out: Line[] = [];
  for (let i = parent + 1; i < lines.length && (lines[i].blank || lines[i].indent > lines[parent].indent); i++) {
    if (i !== except && !lines[i].blank && lines[i].indent === indent) {
      out.push(lines[i]);
    }
  }
  return out;
}

export function spotAt(text: string, offset: number): Spot | undefined {
  const lines = linesOf(text);
  const index = lines.findIndex((l, i) => offset >= l.start && (i === lines.length - 1 || offset < lines[i + 1].start));
  const line = lines[index];
  const col = offset - line.start;
  const empty = line.text.trim() === '';
  if (!empty && line.blank) {
    return undefined;
  }
  const indent = empty ? col : line.indent;
  if (indent === 0 || col < indent) {
    return undefined;
  }
  const block = blockOf(lines, index, indent);
  if (!block) {
    return undefined;
  }
  const { key, colon } = empty ? { key: '', colon: -1 } : keyOf(line);
  if (colon >= 0 && col > colon) {
    const valueStart = line.start + colon + 1 + (line.text.slice(colon + 1).length - line.text.slice(colon + 1).trimStart().length);
    return { at: 'value', block: block.block, key, start: Math.min(valueStart, offset), end: line.start + line.text.trimEnd().length };
  }
  const start = line.start + indent;
  const end = empty ? offset : line.start + (colon >= 0 ? colon : line.text.trimEnd().length);
  const present = childrenOf(lines, block.parent, indent, index).map((l) => keyOf(l).key);
  const braces = /:\s*\{\s*\}\s*$/.exec(lines[block.parent].text);
  const emptyBraces = braces
    ? { start: lines[block.parent].start + braces.index + 1, end: lines[block.parent].start + lines[block.parent].text.length }
    : undefined;
  return { at: 'key', block: block.block, key, start, end, present, emptyBraces };
}

/** The block a line at `indent` is in: under `config:`, or under a device of `devices:` (both top-level fields). */
function blockOf(lines: Line[], index: number, indent: number): { block: Block; parent: number } | undefined {
  const parent = parentOf(lines, index, indent);
  if (parent < 0) {
    return undefined;
  }
  const p = lines[parent];
  if (p.indent === 0) {
    return keyOf(p).key === 'config' ? { block: { in: 'config' }, parent } : undefined;
  }
  const grand = parentOf(lines, parent, p.indent);
  if (grand < 0 || lines[grand].indent !== 0 || keyOf(lines[grand]).key !== 'devices') {
    return undefined;
  }
  const props: Record<string, string> = {};
  for (const sibling of childrenOf(lines, parent, indent, index)) {
    const { key, colon } = keyOf(sibling);
    if (colon >= 0) {
      props[key] = valueOf(sibling, colon);
    }
  }
  return { block: { in: 'device', name: keyOf(p).key, props }, parent };
}
