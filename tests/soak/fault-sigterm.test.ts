/** Soak: the same test as tests/integration/fault-sigterm.test.ts, with QUIRE_SOAK=1 counts. */
import '../integration/fault-sigterm.test.js';
