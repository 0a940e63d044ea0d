import type { SpecInfo } from '../spec';
import type { Doc } from '../model';
import { serversLabel } from './servers';

const FORMAT_NOTES: Readonly<Record<string, string>> = {
  int64: 'Format: int64. JSON.parse is exact only up to 2^53.',
  uint64: 'Format: uint64. JSON.parse is exact only up to 2^53.',
  'date-time': 'Format: date-time (RFC 3339, nanoseconds).',
};

const MAX_EXAMPLE = 100;

/** A JSDoc block (ending in a newline) or '' when there is nothing to say. */
export function jsdoc(doc: Doc, specs: readonly SpecInfo[], indent: string): string {
  const paragraphs: string[] = [];
  const title = clean(doc.title);
  const description = clean(doc.description);
  if (title) paragraphs.push(title);
  if (description && description !== title) paragraphs.push(description);
  for (const note of doc.notes ?? []) paragraphs.push(note);
  const facts: string[] = [];
  const servers = doc.servers && serversLabel(doc.servers, specs);
  if (servers) facts.push(`Servers: ${servers}.`);
  if (doc.goName) facts.push(`Go: ${doc.goName}.`);
  if (doc.format) facts.push(FORMAT_NOTES[doc.format] ?? `Format: ${doc.format}.`);
  if (facts.length > 0) paragraphs.push(facts.join('\n'));
  const example = doc.example === undefined ? undefined : exampleText(doc.example);
  const tags = example ? [`@example ${example}`] : [];
  if (paragraphs.length === 0 && tags.length === 0) return '';
  const lines = [...(paragraphs.length > 0 ? paragraphs.join('\n\n').split('\n') : []), ...tags];
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((line) => (line ? `${indent} * ${line}` : `${indent} *`)).join('\n')}\n${indent} */\n`;
}

/** Trims, drops trailing blanks and `*\/` (which would end the comment early). */
function clean(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const lines = text
    .replace(/\*\//g, '*\\/')
    .split('\n')
    .map((line) => line.trimEnd());
  const joined = lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return joined || undefined;
}

/**
 * Examples are worth their line when short: they show the wire format (`"2021-03-23T20:00:00-04:00"`,
 * `"container"`). go-swagger stores list examples as a JSON string, so a string that parses as JSON is shown parsed.
 */
function exampleText(example: unknown): string | undefined {
  let value = example;
  if (typeof value === 'string' && /^[[{]/.test(value.trim())) {
    try {
      value = JSON.parse(value);
    } catch {
      // Not JSON after all: show it as the string it is.
    }
  }
  const text = JSON.stringify(value);
  if (text === undefined || text.length > MAX_EXAMPLE) return undefined;
  return clean(text);
}
