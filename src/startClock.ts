/**
 * When the bundle began to run: imported first by `extension.ts`, so this module is evaluated before
 * any other of ours or of a library. The "ready" line reports the bundle's evaluation from it.
 */
export const bundleStarted = performance.now();
