import * as assert from 'node:assert/strict';
import { ApiError, HttpError, SerializationError } from '../../../src/client';
import { errorFromBody, headerValue, operationIdFromUrl, parseEnvelope, parseReply } from '../../../src/client/envelope';
import { asyncBody, context, envelope, errorBody, operation, syncBody } from './fixtures';

describe('client: reading LXD replies', () => {
  describe('parseReply', () => {
    it('returns the metadata of a sync reply with its ETag', () => {
      const reply = parseReply<{ name: string }>(200, { etag: '"9a12fe58"' }, syncBody({ name: 'c1' }), context);
      assert.deepEqual(reply, { type: 'sync', metadata: { name: 'c1' }, status: 200, etag: '"9a12fe58"', location: undefined });
    });

    it('takes a 201 with a sync body as success (trusting a certificate), with its Location', () => {
      const reply = parseReply(201, { location: '/1.0/certificates/d1287304' }, syncBody(null), context);
      assert.equal(reply.type, 'sync');
      assert.equal(reply.status, 201);
      assert.equal(reply.type === 'sync' && reply.location, '/1.0/certificates/d1287304');
      assert.equal(reply.metadata, null);
    });

    it('turns an async reply into the operation id and the operation as created', () => {
      const op = operation();
      const reply = parseReply(202, { location: `/1.0/operations/${op.id}` }, asyncBody(op), context);
      assert.deepEqual(reply, { type: 'async', operationId: op.id, metadata: op, status: 202 });
    });

    it('finds the operation in the Location header when the envelope names none', () => {
      const op = operation({ id: 'from-header' });
      const reply = parseReply(202, { location: '/1.0/operations/from-header?project=p' }, asyncBody(op, ''), context);
      assert.equal(reply.type === 'async' && reply.operationId, 'from-header');
    });

    it("throws an ApiError with LXD's status and text for an error envelope", () => {
      assert.throws(
        () => parseReply(404, {}, errorBody(404, 'Instance not found'), context),
        (e: unknown) =>
          e instanceof ApiError && e.status === 404 && e.isNotFound && e.message === 'Instance not found' && e.context === context,
      );
    });

    it('takes the status from error_code, also when the HTTP status says 200 (Incus /wait)', () => {
      assert.throws(
        () => parseReply(200, {}, errorBody(500, 'context deadline exceeded'), context),
        (e: unknown) => e instanceof ApiError && e.status === 500,
      );
    });

    it('falls back to the HTTP status when the error envelope has no error_code', () => {
      assert.throws(
        () => parseReply(412, {}, errorBody(0, "ETag doesn't match"), context),
        (e: unknown) => e instanceof ApiError && e.status === 412 && e.isConflict,
      );
    });

    it('does not pretend success for a success envelope with an error status', () => {
      assert.throws(
        () => parseReply(500, {}, syncBody({}), context),
        (e: unknown) => e instanceof HttpError && e.status === 500,
      );
    });

    it("reports a proxy's HTML 502 as an HTTP error with the start of the page", () => {
      const page = '<html><body>502 Bad Gateway</body></html>';
      assert.throws(
        () => parseReply(502, {}, page, context),
        (e: unknown) => e instanceof HttpError && e.status === 502 && e.message.includes('502 Bad Gateway'),
      );
    });

    it('reports JSON that is not an envelope as unreadable, or as an HTTP error when the status is one', () => {
      assert.throws(
        () => parseReply(200, {}, '{"hello":"world"}', context),
        (e: unknown) => e instanceof SerializationError && e.snippet === '{"hello":"world"}',
      );
      assert.throws(
        () => parseReply(404, {}, '{"message":"no route"}', context),
        (e: unknown) => e instanceof HttpError && e.status === 404,
      );
      assert.throws(() => parseReply(200, {}, '[1,2]', context), SerializationError);
    });

    it('reports a truncated body as unreadable, naming the request', () => {
      assert.throws(
        () => parseReply(200, {}, '{"type":"sync","metad', context),
        (e: unknown) => e instanceof SerializationError && /GET \/1\.0\/instances\/c1/.test(e.message),
      );
    });
  });

  describe('parseEnvelope', () => {
    it('accepts the three envelope types and nothing else', () => {
      for (const type of ['sync', 'async', 'error'] as const) {
        assert.equal(parseEnvelope(200, envelope({ type, metadata: null }), context).type, type);
      }
      assert.throws(() => parseEnvelope(200, envelope({ type: 'other' as 'sync', metadata: null }), context), SerializationError);
    });
  });

  describe('errorFromBody', () => {
    it("reads LXD's error from a refused download or websocket upgrade", () => {
      const e = errorFromBody(500, errorBody(500, 'permission denied'), context);
      assert.ok(e instanceof ApiError && e.status === 500 && e.message === 'permission denied');
    });

    it('names the status of a HEAD reply, which carries no body', () => {
      const e = errorFromBody(404, '', { ...context, method: 'HEAD' });
      assert.ok(e instanceof ApiError && e.status === 404 && e.message === 'Not Found');
    });

    it('keeps a non-JSON failure as an HTTP error', () => {
      const e = errorFromBody(502, 'Bad Gateway', context);
      assert.ok(e instanceof HttpError && e.status === 502);
    });

    it('keeps a success envelope sent with an error status as an HTTP error', () => {
      const e = errorFromBody(500, syncBody(null), context);
      assert.ok(e instanceof HttpError && e.status === 500);
    });
  });

  describe('headers and operation URLs', () => {
    it('reads a header whatever its case, the first of repeated values', () => {
      assert.equal(headerValue({ etag: '"a"' }, 'ETag'), '"a"');
      assert.equal(headerValue({ 'set-cookie': ['x', 'y'] }, 'set-cookie'), 'x');
      assert.equal(headerValue({}, 'etag'), undefined);
    });

    it('takes the operation id from its URL, without the query', () => {
      assert.equal(operationIdFromUrl('/1.0/operations/0d8817cc?project=p'), '0d8817cc');
      assert.equal(operationIdFromUrl('/1.0/operations/a%20b'), 'a b');
    });
  });
});
