/**
 * The shipped bundles keep their own retry and settle timings (a 2-second DescribeEndpoint poll, backoff up to 8 s):
 * configureTiming from the TypeScript sources does not reach their module copy. This makes their sleeps pass in the
 * test's clock instead of in real time: a `sleep(ms)` of a bundle moves the clock by `ms` and resolves at once. Only the
 * bundles' own `sleep` is warped (found by its frame); the SDK's and the test's timers are left alone. The bundles then
 * make the same polls and retries within the same budgets, as Date.now sees them.
 */
const BUNDLE_SLEEP = /at sleep \(.*[\\/]dist[\\/]lambda-bundles[\\/]/;

export function warpBundleSleeps(clock: { advance(seconds: number): void }): () => void {
  const real = global.setTimeout;
  const spy = jest.spyOn(global, 'setTimeout').mockImplementation(((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    if (ms && BUNDLE_SLEEP.test(String(new Error().stack))) {
      return real(() => {
        clock.advance(ms / 1000);
        fn(...args);
      }, 0);
    }
    return real(fn, ms, ...args);
  }) as typeof setTimeout);
  return () => spy.mockRestore();
}
