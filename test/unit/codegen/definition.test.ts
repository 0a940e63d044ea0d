import * as assert from 'node:assert/strict';
import type { Schema } from '../../../codegen/spec';
import { definitionFromSchema, renderDefinition } from '../../../codegen/transforms/definition';
import { FOUR_SPECS } from './fixtures';

type Row = [label: string, name: string, schema: Schema, wanted: string];

const ROWS: Row[] = [
  [
    'an object becomes an interface with optional members and JSDoc from the title',
    'InstanceStatePut',
    {
      type: 'object',
      title: 'InstanceStatePut represents the modifiable fields of an instance state.',
      properties: { timeout: { type: 'integer', format: 'int64', description: 'How long to wait', example: 30 } },
    },
    '/** InstanceStatePut represents the modifiable fields of an instance state. */\n' +
      'export interface InstanceStatePut {\n' +
      '  /**\n   * How long to wait\n   *\n   * Format: int64. JSON.parse is exact only up to 2^53.\n   * @example 30\n   */\n' +
      '  timeout?: number;\n}\n',
  ],
  [
    'readOnly becomes readonly; hyphenated keys are quoted; a renamed Go field is noted',
    'T',
    {
      type: 'object',
      properties: {
        name: { type: 'string', readOnly: true, 'x-go-name': 'Name' },
        'wait-for-websocket': { type: 'boolean', 'x-go-name': 'WaitForWS' },
      },
    },
    "export interface T {\n  readonly name?: string;\n  /** Go: WaitForWS. */\n  'wait-for-websocket'?: boolean;\n}\n",
  ],
  [
    'date-time stays a string and says so; long examples are left out',
    'T',
    {
      type: 'object',
      properties: {
        created_at: { type: 'string', format: 'date-time', example: '2021-03-23T20:00:00-04:00' },
        blob: { type: 'string', example: 'x'.repeat(200) },
      },
    },
    'export interface T {\n  blob?: string;\n' +
      '  /**\n   * Format: date-time (RFC 3339, nanoseconds).\n   * @example "2021-03-23T20:00:00-04:00"\n   */\n  created_at?: string;\n}\n',
  ],
  [
    'arrays and maps admit null, structs do not',
    'T',
    {
      type: 'object',
      properties: {
        snapshots: { type: 'array', items: { $ref: '#/definitions/InstanceSnapshot' } },
        resources: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
        state: { $ref: '#/definitions/InstanceState' },
      },
    },
    'export interface T {\n  resources?: Record<string, string[]> | null;\n  snapshots?: InstanceSnapshot[] | null;\n  state?: InstanceState;\n}\n',
  ],
  ['a primitive definition is an alias', 'InstanceType', { type: 'string' }, 'export type InstanceType = string;\n'],
  [
    'an integer definition keeps its format note',
    'StatusCode',
    { type: 'integer', format: 'int64', title: 'StatusCode represents a valid operation and container status.' },
    '/**\n * StatusCode represents a valid operation and container status.\n *\n * Format: int64. JSON.parse is exact only up to 2^53.\n */\nexport type StatusCode = number;\n',
  ],
  [
    'a top-level array (Incus Access) is an alias',
    'Access',
    { type: 'array', items: { $ref: '#/definitions/AccessEntry' } },
    'export type Access = AccessEntry[];\n',
  ],
  [
    'a map definition is an alias',
    'MetadataConfig',
    { type: 'object', additionalProperties: { $ref: '#/definitions/X' } },
    'export type MetadataConfig = Record<string, X>;\n',
  ],
  [
    'Incus ConfigMap is typed by hand',
    'ConfigMap',
    { type: 'object' },
    '/** Typed by hand: the spec declares a bare object. Properties that reference it are written out as this type. */\n' +
      'export type ConfigMap = Record<string, string>;\n',
  ],
  [
    'Incus DevicesMap is typed by hand',
    'DevicesMap',
    { type: 'object' },
    '/** Typed by hand: the spec declares a bare object. Properties that reference it are written out as this type. */\n' +
      'export type DevicesMap = Record<string, Record<string, string>>;\n',
  ],
  [
    'a comment terminator in a description is escaped',
    'T',
    { type: 'object', properties: { glob: { type: 'string', description: 'Matches /1.0/*/state' } } },
    'export interface T {\n  /** Matches /1.0/*\\/state */\n  glob?: string;\n}\n',
  ],
];

describe('codegen: definitions', () => {
  for (const [label, name, schema, wanted] of ROWS) {
    it(label, () => assert.equal(renderDefinition(definitionFromSchema(name, schema), { specs: FOUR_SPECS }), wanted));
  }
});
