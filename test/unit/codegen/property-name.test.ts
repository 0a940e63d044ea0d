import * as assert from 'node:assert/strict';
import { propertyKey } from '../../../codegen/transforms/property-name';
import { meaningfulGoName } from '../../../codegen/transforms/property';

describe('codegen: property names', () => {
  const keys: [json: string, wanted: string][] = [
    ['name', 'name'],
    ['status_code', 'status_code'],
    ['Name', 'Name'], // Go-cased on the wire: ServerStorageDriverInfo
    ['Average1Min', 'Average1Min'], // Incus ResourcesLoad
    ['wait-for-websocket', "'wait-for-websocket'"],
    ['X-LXD-uid', "'X-LXD-uid'"],
    ['security.nesting', "'security.nesting'"],
    ['0', "'0'"],
    ["it's", "'it\\'s'"],
  ];
  for (const [json, wanted] of keys) {
    it(`writes the JSON key ${json} as ${wanted}`, () => assert.equal(propertyKey(json), wanted));
  }

  const goNames: [json: string, go: string | undefined, kept: string | undefined][] = [
    ['wait-for-websocket', 'WaitForWS', 'WaitForWS'],
    ['secrets', 'Websockets', 'Websockets'],
    ['shortdesc', 'Description', 'Description'],
    ['record-output', 'RecordOutput', undefined],
    ['api_extensions', 'APIExtensions', undefined],
    ['s3_url', 'S3URL', undefined],
    ['name', undefined, undefined],
  ];
  for (const [json, go, kept] of goNames) {
    it(`keeps x-go-name ${go ?? '(none)'} for ${json} only when it is not the JSON name re-cased`, () =>
      assert.equal(meaningfulGoName(json, go), kept));
  }
});
