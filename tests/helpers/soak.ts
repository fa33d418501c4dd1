/**
 * Fault tests run twice over: briefly in `npm test`, and with bigger counts under `npm run soak`
 * (vitest.soak.config.ts sets QUIRE_SOAK=1 and runs the same files).
 */

/** Whether this run is the soak run. */
export const soaking = process.env.QUIRE_SOAK === '1';

/** The count for this run: `quick` in npm test, `long` under npm run soak. */
export function scaled(quick: number, long: number): number {
  return soaking ? long : quick;
}
