/** Soak: the same test as tests/integration/fault-fuzz.test.ts, with QUIRE_SOAK=1 counts. */
import '../integration/fault-fuzz.test.js';
