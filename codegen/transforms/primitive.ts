import type { Schema } from '../spec';
import { BOOLEAN, NUMBER, STRING, type TypeNode } from '../model';

/**
 * `string`, `integer`, `number`, `boolean`. Formats do not change the TypeScript type: `date-time` stays a
 * string (LXD sends RFC 3339 with nanoseconds, which `Date` would truncate) and int64/uint64 stay numbers
 * (JSON.parse gives numbers; the precision note goes into the JSDoc, see jsdoc.ts).
 */
export function primitiveType(schema: Schema): TypeNode | undefined {
  switch (schema.type) {
    case 'string':
      return STRING;
    case 'integer':
    case 'number':
      return NUMBER;
    case 'boolean':
      return BOOLEAN;
    default:
      return undefined;
  }
}
