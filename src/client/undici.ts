/* eslint-disable @typescript-eslint/no-require-imports -- deep requires of undici's own modules, typed from its index */
import type * as Undici from 'undici';

/*
 * The parts of undici the client uses, required from undici's own modules: its index also loads
 * fetch, WebSocket, EventSource, caches, mocks and proxies, twice the bundle (535 KB against
 * ≈ 300 KB) for nothing this extension calls. The index adds `request()` to every dispatcher's
 * prototype; here it is a function of its own.
 */

export type Agent = Undici.Agent;
export type Dispatcher = Undici.Dispatcher;

export const Agent: typeof Undici.Agent = require('undici/lib/dispatcher/agent');
export const buildConnector: typeof Undici.buildConnector = require('undici/lib/core/connect');
export const redirectInterceptor: typeof Undici.interceptors.redirect = require('undici/lib/interceptor/redirect');

const requestVia: (
  this: Dispatcher,
  options: Undici.Dispatcher.RequestOptions,
) => Promise<Undici.Dispatcher.ResponseData> = require('undici/lib/api/api-request');

/** `dispatcher.request(options)` of undici's index. */
export function request(dispatcher: Dispatcher, options: Undici.Dispatcher.RequestOptions): Promise<Undici.Dispatcher.ResponseData> {
  return requestVia.call(dispatcher, options);
}
