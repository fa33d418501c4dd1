/**
 * Turns off zod's compiled fast path before any schema is built. The Content Security Policy has
 * no 'unsafe-eval', and zod probes for eval with `new Function("")` the first time it builds an
 * object schema: the probe's error is caught, but Chromium still reports a CSP violation. This
 * module must be the entry's first import so it runs before shared/api.ts defines its schemas.
 */
import { z } from 'zod';

z.config({ jitless: true });
