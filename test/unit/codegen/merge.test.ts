import * as assert from 'node:assert/strict';
import type { Schema } from '../../../codegen/spec';
import { definitionFromSchema, renderDefinition } from '../../../codegen/transforms/definition';
import { mergeDefinitions } from '../../../codegen/transforms/merge';
import { specInfo } from './fixtures';

const SPECS = [specInfo('lxd-5.0'), specInfo('incus')];

/** The same definition as LXD and Incus write it, and the one TypeScript declaration that must serve both. */
type Row = [label: string, lxd: Schema | undefined, incus: Schema | undefined, wanted: string];

const obj = (properties: Record<string, Schema>): Schema => ({ type: 'object', properties });

const ROWS: Row[] = [
  [
    'properties are the union, each one only on some servers says which',
    obj({ name: { type: 'string' }, stateful: { type: 'boolean' } }),
    obj({ name: { type: 'string' }, started_at: { type: 'string', format: 'date-time' } }),
    'export interface T {\n  name?: string;\n' +
      '  /**\n   * Servers: Incus only.\n   * Format: date-time (RFC 3339, nanoseconds).\n   */\n  started_at?: string;\n' +
      '  /** Servers: LXD only. */\n  stateful?: boolean;\n}\n',
  ],
  [
    "Incus's ConfigMap and LXD's string map are one type, and the LXD description survives the bare $ref",
    obj({ config: { type: 'object', additionalProperties: { type: 'string' }, description: 'Instance configuration' } }),
    obj({ config: { $ref: '#/definitions/ConfigMap' } }),
    'export interface T {\n  /** Instance configuration */\n  config?: Record<string, string> | null;\n}\n',
  ],
  [
    'a map of anything covers a map of strings (Server.config)',
    obj({ config: { type: 'object', additionalProperties: {} } }),
    obj({ config: { $ref: '#/definitions/ConfigMap' } }),
    'export interface T {\n  config?: Record<string, unknown> | null;\n}\n',
  ],
  [
    'different types become a union (InitLocalPreseed.profiles)',
    obj({ profiles: { type: 'array', items: { $ref: '#/definitions/ProfilesPost' } } }),
    obj({ profiles: { type: 'array', items: { $ref: '#/definitions/InitProfileProjectPost' } } }),
    'export interface T {\n  profiles?: ProfilesPost[] | InitProfileProjectPost[] | null;\n}\n',
  ],
  [
    'unknown covers a bare object (Event.metadata)',
    obj({ metadata: { type: 'object' } }),
    obj({ metadata: { description: 'JSON encoded metadata' } }),
    'export interface T {\n  /** JSON encoded metadata */\n  metadata?: unknown;\n}\n',
  ],
  [
    'literal lists that differ join and stay open',
    obj({ driver: { type: 'string', description: 'Driver (dir or zfs)' } }),
    obj({ driver: { type: 'string', description: 'Driver (dir, lvmcluster or zfs)' } }),
    'export interface T {\n  /**\n   * Driver (dir, lvmcluster or zfs)\n   *\n   * The listed values differ between server versions, so others may occur.\n   */\n' +
      "  driver?: 'dir' | 'zfs' | 'lvmcluster' | (string & {});\n}\n",
  ],
  [
    'equal literal lists stay closed',
    obj({ type: { type: 'string', description: 'Type (container or virtual-machine)' } }),
    obj({ type: { type: 'string', description: 'Type (container or virtual-machine)\n\nAPI extension: image_types' } }),
    "export interface T {\n  /**\n   * Type (container or virtual-machine)\n   *\n   * API extension: image_types\n   */\n  type?: 'container' | 'virtual-machine';\n}\n",
  ],
  [
    'readonly on any server stays readonly',
    obj({ name: { type: 'string', readOnly: true } }),
    obj({ name: { type: 'string' } }),
    'export interface T {\n  readonly name?: string;\n}\n',
  ],
  [
    'a definition only Incus has says so',
    undefined,
    obj({ a: { type: 'string' } }),
    '/** Servers: Incus only. */\nexport interface T {\n  a?: string;\n}\n',
  ],
];

describe('codegen: merging LXD and Incus definitions', () => {
  for (const [label, lxd, incus, wanted] of ROWS) {
    it(label, () => {
      const inputs = [
        { specId: 'lxd-5.0', defs: lxd ? [definitionFromSchema('T', lxd)] : [] },
        { specId: 'incus', defs: incus ? [definitionFromSchema('T', incus)] : [] },
      ];
      const [merged] = mergeDefinitions(inputs);
      assert.equal(renderDefinition(merged, { specs: SPECS }), wanted);
    });
  }
});
