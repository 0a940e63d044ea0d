import * as assert from 'node:assert/strict';
import type { Schema } from '../../../codegen/spec';
import { schemaTs } from './fixtures';

type Row = [label: string, schema: Schema, wanted: string];

/** One table per Swagger construct: the spec fragment and the TypeScript it must become. */
const TABLES: Record<string, Row[]> = {
  primitive: [
    ['string', { type: 'string' }, 'string'],
    ['date-time stays a string', { type: 'string', format: 'date-time' }, 'string'],
    ['int64 stays a number', { type: 'integer', format: 'int64' }, 'number'],
    ['uint64 stays a number', { type: 'integer', format: 'uint64' }, 'number'],
    ['double', { type: 'number', format: 'double' }, 'number'],
    ['boolean', { type: 'boolean' }, 'boolean'],
    ['no type at all (Incus InstanceNVRAMVariable.data)', { description: 'Dissected data.' }, 'unknown'],
  ],
  array: [
    ['of strings', { type: 'array', items: { type: 'string' } }, 'string[]'],
    ['of refs', { type: 'array', items: { $ref: '#/definitions/ImageAlias' } }, 'ImageAlias[]'],
    ['of uint8 (Incus NVRAM binary)', { type: 'array', items: { type: 'integer', format: 'uint8' } }, 'number[]'],
    [
      'of maps of refs (MetadataConfigGroup.keys)',
      { type: 'array', items: { type: 'object', additionalProperties: { $ref: '#/definitions/MetadataConfigKey' } } },
      'Record<string, MetadataConfigKey>[]',
    ],
    ['without items', { type: 'array' }, 'unknown[]'],
  ],
  map: [
    ['of strings (Instance.config)', { type: 'object', additionalProperties: { type: 'string' } }, 'Record<string, string>'],
    [
      'of maps (Instance.devices)',
      { type: 'object', additionalProperties: { type: 'object', additionalProperties: { type: 'string' } } },
      'Record<string, Record<string, string>>',
    ],
    [
      'of refs (InstanceState.network)',
      { type: 'object', additionalProperties: { $ref: '#/definitions/InstanceStateNetwork' } },
      'Record<string, InstanceStateNetwork>',
    ],
    [
      'of arrays (Operation.resources)',
      { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
      'Record<string, string[]>',
    ],
    ['of anything, written {} (Server.config)', { type: 'object', additionalProperties: {} }, 'Record<string, unknown>'],
    ['additionalProperties: true', { type: 'object', additionalProperties: true }, 'Record<string, unknown>'],
  ],
  ref: [
    ['to a definition', { $ref: '#/definitions/InstanceState' }, 'InstanceState'],
    ['to a primitive definition (StatusCode)', { $ref: '#/definitions/StatusCode' }, 'StatusCode'],
    ['to Incus ConfigMap, written out', { $ref: '#/definitions/ConfigMap' }, 'Record<string, string>'],
    ['to Incus DevicesMap, written out', { $ref: '#/definitions/DevicesMap' }, 'Record<string, Record<string, string>>'],
  ],
  object: [
    ['bare object (Event.metadata)', { type: 'object' }, 'Record<string, unknown>'],
    ['empty properties', { type: 'object', properties: {} }, 'Record<string, unknown>'],
    [
      'inline object with properties',
      { type: 'object', properties: { name: { type: 'string', description: 'Name' }, 'base-image': { type: 'string' } } },
      "{\n  'base-image'?: string;\n  /** Name */\n  name?: string;\n}",
    ],
    [
      'nested inline objects indent and keep nil-able members',
      { type: 'object', properties: { outer: { type: 'object', properties: { list: { type: 'array', items: { type: 'string' } } } } } },
      '{\n  outer?: {\n    list?: string[] | null;\n  };\n}',
    ],
  ],
};

describe('codegen: schema transforms', () => {
  for (const [construct, rows] of Object.entries(TABLES)) {
    describe(construct, () => {
      for (const [label, schema, wanted] of rows) {
        it(`${label} → ${wanted.split('\n')[0]}`, () => assert.equal(schemaTs(schema), wanted));
      }
    });
  }
});
