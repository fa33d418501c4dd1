/** Soak: the same test as tests/integration/fault-converge.test.ts, with QUIRE_SOAK=1 counts. */
import '../integration/fault-converge.test.js';
