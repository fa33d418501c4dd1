/** Soak: the same test as tests/integration/fault-crash.test.ts, with QUIRE_SOAK=1 counts. */
import '../integration/fault-crash.test.js';
