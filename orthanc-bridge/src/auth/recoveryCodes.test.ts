import { argon2id, hash } from 'argon2';
import { matchRecoveryCode, newRecoveryCodes, type RecoveryCodes } from './recoveryCodes';

describe('recovery codes', () => {
  let issued: RecoveryCodes;

  beforeAll(async () => {
    issued = await newRecoveryCodes();
  });

  test('newRecoveryCodes gives 10 distinct codes in groups of four from an unambiguous alphabet', () => {
    expect(issued.codes).toHaveLength(10);
    expect(new Set(issued.codes).size).toBe(10);
    for (const code of issued.codes)
      expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/);
  });

  test('newRecoveryCodes stores argon2id hashes, not the codes', () => {
    expect(issued.hashes).toHaveLength(10);
    expect(new Set(issued.hashes).size).toBe(10);
    for (const [i, stored] of issued.hashes.entries()) {
      expect(stored).toMatch(/^\$argon2id\$/);
      expect(stored).not.toContain(issued.codes[i]!.replace(/-/g, ''));
    }
  });

  test('newRecoveryCodes gives as many codes as asked', async () => {
    const { codes, hashes } = await newRecoveryCodes(2);
    expect(codes).toHaveLength(2);
    expect(hashes).toHaveLength(2);
  });

  test.each([0, -1, 1.5])('newRecoveryCodes refuses the count %p', async (count) => {
    await expect(newRecoveryCodes(count)).rejects.toThrow(RangeError);
  });

  test('matchRecoveryCode finds the index of the code and matches once when the caller removes it', async () => {
    const code = issued.codes[3]!;
    expect(await matchRecoveryCode(code, issued.hashes)).toBe(3);
    const remaining = issued.hashes.filter((_, i) => i !== 3);
    expect(await matchRecoveryCode(code, remaining)).toBe(-1);
  });

  test('matchRecoveryCode returns -1 for a wrong code, a malformed one and an empty list', async () => {
    expect(await matchRecoveryCode('0000-0000-0000', issued.hashes)).toBe(-1);
    expect(await matchRecoveryCode('not a code', issued.hashes)).toBe(-1);
    expect(await matchRecoveryCode('', issued.hashes)).toBe(-1);
    expect(await matchRecoveryCode(issued.codes[0]!, [])).toBe(-1);
  });

  test('matchRecoveryCode ignores case, spaces and dashes', async () => {
    const code = issued.codes[5]!;
    expect(await matchRecoveryCode(` ${code.toUpperCase().replace(/-/g, ' ')} `, issued.hashes)).toBe(5);
    expect(await matchRecoveryCode(code.replace(/-/g, ''), issued.hashes)).toBe(5);
  });

  test('matchRecoveryCode reads O as 0 and I or L as 1', async () => {
    // A stored code with 0s and 1s, hashed as newRecoveryCodes does (random codes may hold none).
    const hashes = [await hash('01ab01cd01ef', { type: argon2id })];
    expect(await matchRecoveryCode('OIAB-OLCD-01EF', hashes)).toBe(0);
    expect(await matchRecoveryCode('oiab olcd oief', hashes)).toBe(0);
  });
});
