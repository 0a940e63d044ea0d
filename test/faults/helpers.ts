/** How a promise failed, and after how long; fails the test when it did not fail. */
export async function failure(p: Promise<unknown>): Promise<{ error: Error; ms: number }> {
  const started = Date.now();
  try {
    await p;
  } catch (e) {
    return { error: e as Error, ms: Date.now() - started };
  }
  throw new Error('expected a failure');
}
