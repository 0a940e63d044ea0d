import * as assert from 'node:assert/strict';
import { nameFromUrl, path, projectFromUrl, withQuery } from '../../../src/client';
import { redactPath } from '../../../src/client/url';

describe('client: building and reading API paths', () => {
  describe('path', () => {
    it('encodes every interpolated value as one path segment', () => {
      assert.equal(path`/1.0/instances/${'c1'}/snapshots/${'snap 0'}`, '/1.0/instances/c1/snapshots/snap%200');
      assert.equal(path`/1.0/instances/${'a/b'}`, '/1.0/instances/a%2Fb', 'a slash never reaches another endpoint');
      assert.equal(path`/1.0/instances/${'x?recursion=1'}`, '/1.0/instances/x%3Frecursion%3D1', 'nor a query');
      assert.equal(path`/1.0/instances/${'..'}`, '/1.0/instances/..');
      assert.equal(path`/1.0/operations/${42}/wait`, '/1.0/operations/42/wait');
    });

    it('leaves a path without values as written', () => {
      assert.equal(path`/1.0/instances`, '/1.0/instances');
    });
  });

  describe('withQuery', () => {
    it('appends the parameters that have a value, booleans as true/false', () => {
      assert.equal(
        withQuery('/1.0/instances', { recursion: 1, project: 'p', 'all-projects': undefined, force: false }),
        '/1.0/instances?recursion=1&project=p&force=false',
      );
    });

    it('continues a query the path already has', () => {
      assert.equal(withQuery('/1.0/events?type=lifecycle', { project: 'p' }), '/1.0/events?type=lifecycle&project=p');
    });

    it('leaves the path alone without parameters', () => {
      assert.equal(withQuery('/1.0'), '/1.0');
      assert.equal(withQuery('/1.0', {}), '/1.0');
      assert.equal(withQuery('/1.0', { project: undefined }), '/1.0');
    });

    it('encodes filter expressions and project names', () => {
      assert.equal(
        withQuery('/1.0/instances', { filter: 'name eq web-.* and status eq Running' }),
        '/1.0/instances?filter=name+eq+web-.*+and+status+eq+Running',
      );
      assert.equal(withQuery('/1.0/instances', { project: 'a&b=c' }), '/1.0/instances?project=a%26b%3Dc');
    });
  });

  describe('nameFromUrl and projectFromUrl', () => {
    it('reads the name and project from the URLs LXD lists', () => {
      assert.equal(nameFromUrl('/1.0/instances/c1?project=p'), 'c1');
      assert.equal(projectFromUrl('/1.0/instances/c1?project=p'), 'p');
      assert.equal(nameFromUrl('/1.0/instances/c1'), 'c1');
      assert.equal(projectFromUrl('/1.0/instances/c1'), undefined);
    });

    it('decodes names and finds the project among other parameters', () => {
      assert.equal(nameFromUrl('/1.0/storage-pools/default/volumes/custom/my%20vol?project=p'), 'my vol');
      assert.equal(projectFromUrl('/1.0/images/abc?target=m1&project=my%2Dproj'), 'my-proj');
      assert.equal(projectFromUrl('/1.0/images/abc?target=m1'), undefined);
    });

    it('takes the last segment of a snapshot URL', () => {
      assert.equal(nameFromUrl('/1.0/instances/c1/snapshots/snap0'), 'snap0');
    });
  });

  describe('redactPath', () => {
    it('hides websocket secrets before a path is logged or shown', () => {
      assert.equal(redactPath('/1.0/operations/x/websocket?secret=843d4254'), '/1.0/operations/x/websocket?secret=***');
      assert.equal(
        redactPath('/1.0/operations/x/websocket?project=p&secret=843d&x=1'),
        '/1.0/operations/x/websocket?project=p&secret=***&x=1',
      );
    });

    it('leaves other parameters, and names that merely contain "secret", alone', () => {
      assert.equal(redactPath('/1.0/instances/my-secret?project=p'), '/1.0/instances/my-secret?project=p');
      assert.equal(redactPath('/1.0/x?notsecret=1'), '/1.0/x?notsecret=1');
    });
  });
});
