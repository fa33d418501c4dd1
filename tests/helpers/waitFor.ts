/** Polls `check` until it returns a truthy value (or stops throwing), then returns it. No sleeps in tests: poll. */
export async function waitFor<T>(check: () => T | Promise<T>, { timeout = 10_000, interval = 20, message = 'condition' } = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeout} ms waiting for ${message}${lastError ? `: ${(lastError as Error).message}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
