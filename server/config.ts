/** Quire's settings, read once from environment variables (README.md lists them). */
import { join, resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  dbFile: string;
  /** Extra origins (scheme://host:port) allowed besides the server's own. */
  allowedOrigins: string[];
  /** Set the Secure flag on the session cookie (behind HTTPS). */
  secureCookies: boolean;
  /** A session ends after this long without activity. */
  sessionIdleMs: number;
  /** A session ends this long after sign-in, whatever the activity. */
  sessionMaxMs: number;
  synchronous: 'normal' | 'full';
  /** Folder of the built client; served as static files with an index.html fallback. */
  clientDir: string;
  /** The sliding window of the per-address sign-in and sign-up limits. */
  rateLimitWindowMs: number;
  /** Sign-in attempts allowed from one address per window (0: no limit). */
  signinRateLimit: number;
  /** Sign-ups allowed from one address per window (0: no limit). */
  signupRateLimit: number;
  /** Failed sign-ins for one email within lockoutWindowMs that lock it (0: never lock). */
  lockoutFailures: number;
  /** How far back failed sign-ins count towards a lock. */
  lockoutWindowMs: number;
  /** How long a lock lasts. */
  lockoutMs: number;
  /**
   * Which reverse proxies to believe about the client's address (X-Forwarded-For), in Express's
   * terms: false (none: the address is the socket's), a number of hops, or a list of addresses,
   * subnets or the names loopback / linklocal / uniquelocal. Per-address limits need it behind a proxy.
   */
  trustProxy: boolean | number | string[];
}

/** QUIRE_TRUST_PROXY: unset, 0 or false: none; a number: that many hops; otherwise a comma-separated list. */
const trustProxy = (value: string | undefined): Config['trustProxy'] => {
  const text = (value ?? '').trim();
  if (text === '' || text === '0' || text.toLowerCase() === 'false') return false;
  if (/^\d+$/.test(text)) return Number(text);
  if (text.toLowerCase() === 'true') throw new Error('QUIRE_TRUST_PROXY=true would let anyone claim any address: give the number of proxies in front of Quire (e.g. 1) or their addresses (e.g. loopback, 10.0.0.0/8).');
  return text.split(',').map((part) => part.trim()).filter(Boolean);
};

const int = (value: string | undefined, fallback: number, name: string): number => {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, not "${value}".`);
  return n;
};

/** Builds the configuration from an environment (process.env by default), with overrides for tests. */
export function readConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const dataDir = resolve(env.QUIRE_DATA_DIR || './data');
  const config: Config = {
    port: int(env.PORT ?? env.QUIRE_PORT, 3000, 'PORT'),
    host: env.QUIRE_HOST || '127.0.0.1',
    dataDir,
    dbFile: env.QUIRE_DB_FILE ? resolve(env.QUIRE_DB_FILE) : join(dataDir, 'quire.sqlite'),
    allowedOrigins: (env.QUIRE_ALLOWED_ORIGINS || '').split(',').map((s) => s.trim()).filter(Boolean),
    secureCookies: env.QUIRE_SECURE_COOKIES === '1' || env.QUIRE_SECURE_COOKIES === 'true',
    sessionIdleMs: int(env.QUIRE_SESSION_IDLE_MINUTES, 8 * 60, 'QUIRE_SESSION_IDLE_MINUTES') * 60_000,
    sessionMaxMs: int(env.QUIRE_SESSION_MAX_DAYS, 14, 'QUIRE_SESSION_MAX_DAYS') * 86_400_000,
    synchronous: env.QUIRE_SYNCHRONOUS === 'full' ? 'full' : 'normal',
    clientDir: resolve(env.QUIRE_CLIENT_DIR || './dist/client'),
    rateLimitWindowMs: 60_000,
    signinRateLimit: int(env.QUIRE_SIGNIN_PER_MINUTE, 10, 'QUIRE_SIGNIN_PER_MINUTE'),
    signupRateLimit: int(env.QUIRE_SIGNUP_PER_MINUTE, 5, 'QUIRE_SIGNUP_PER_MINUTE'),
    lockoutFailures: int(env.QUIRE_LOCKOUT_FAILURES, 5, 'QUIRE_LOCKOUT_FAILURES'),
    lockoutWindowMs: int(env.QUIRE_LOCKOUT_WINDOW_MINUTES, 15, 'QUIRE_LOCKOUT_WINDOW_MINUTES') * 60_000,
    lockoutMs: int(env.QUIRE_LOCKOUT_MINUTES, 15, 'QUIRE_LOCKOUT_MINUTES') * 60_000,
    trustProxy: trustProxy(env.QUIRE_TRUST_PROXY),
  };
  return { ...config, ...overrides };
}
