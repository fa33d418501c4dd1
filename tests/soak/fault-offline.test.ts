/** Soak: the same test as tests/integration/fault-offline.test.ts, with QUIRE_SOAK=1 counts. */
import '../integration/fault-offline.test.js';
