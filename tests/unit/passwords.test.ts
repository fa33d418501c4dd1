import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../server/domain/passwords.js';

describe('password hashing', () => {
  it('stores scrypt parameters, a 16-byte salt and the hash', async () => {
    const stored = await hashPassword('correct horse battery');
    const [scheme, n, r, p, salt, hash] = stored.split('$');
    expect([scheme, n, r, p]).toEqual(['scrypt', '16384', '8', '1']);
    expect(Buffer.from(salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(hash, 'base64').length).toBeGreaterThanOrEqual(32);
    expect(stored).not.toContain('correct horse battery');
  });

  it('accepts the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery!', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts each hash differently', async () => {
    expect(await hashPassword('same password here')).not.toBe(await hashPassword('same password here'));
  });

  it('refuses a malformed stored hash instead of throwing', async () => {
    expect(await verifyPassword('anything at all', 'plain-text')).toBe(false);
    expect(await verifyPassword('anything at all', 'scrypt$x$8$1$AAAA$AAAA')).toBe(false);
    expect(await verifyPassword('anything at all', 'scrypt$16384$8$1$AAAA$')).toBe(false);
  });
});
