import { scryptSync } from 'node:crypto';
import { DUMMY_PASSWORD_HASH, hashPassword, needsRehash, SCRYPT_PARAMS, verifyPassword } from './secrets.js';

describe('password hashing', () => {
  it("uses OWASP's minimum scrypt parameters (N=2^17, r=8, p=1) and writes them into the hash", async () => {
    expect(SCRYPT_PARAMS).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('wrong horse', hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
    expect(needsRehash(DUMMY_PASSWORD_HASH)).toBe(false);
  });

  it('verifies a hash made with older parameters, and says it needs rehashing', async () => {
    const salt = Buffer.alloc(16, 7);
    const key = scryptSync('correct horse', salt, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    const old = `scrypt$32768$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`;
    expect(await verifyPassword('correct horse', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
  });

  it('refuses stored parameters that are malformed or would allocate too much', async () => {
    for (const stored of ['', 'bcrypt$x', 'scrypt$100$8$1$AAAA$AAAA', 'scrypt$2097152$8$1$AAAA$AAAA', 'scrypt$32768$64$1$AAAA$AAAA', 'scrypt$32768$8$1$$']) {
      expect(await verifyPassword('x', stored)).toBe(false);
    }
  });
});
