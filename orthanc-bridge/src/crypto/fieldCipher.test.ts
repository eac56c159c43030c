import { SealedDataError } from './envelope';
import { FieldCipher, SEALED_PREFIX } from './fieldCipher';
import { Keyring } from './keyring';

const context = 'patient.name:["","P1"]';
const plain = 'DUPONT^Marie-Hélène';

/** Replaces one character of the part `index` of a sealed value (0: kid, 1: wrapped key, 2: data). */
function alter(sealed: string, index: number): string {
  const parts = sealed.slice(SEALED_PREFIX.length).split(':');
  const part = parts[index]!;
  const at = Math.floor(part.length / 2);
  parts[index] = `${part.slice(0, at)}${part[at] === 'A' ? 'B' : 'A'}${part.slice(at + 1)}`;
  return `${SEALED_PREFIX}${parts.join(':')}`;
}

describe('FieldCipher', () => {
  const cipher = new FieldCipher(Keyring.generate());

  test('FieldCipher seals a value that opens to the same text in the same context', () => {
    const sealed = cipher.seal(plain, context);
    expect(sealed.startsWith(`${SEALED_PREFIX}${cipher.activeKeyId}:`)).toBe(true);
    expect(sealed).not.toContain('DUPONT');
    expect(cipher.open(sealed, context)).toBe(plain);
    expect(cipher.open(cipher.seal('', context), context)).toBe('');
  });

  test('FieldCipher seals the same text differently each time (a fresh data key and IV per value)', () => {
    const [a, b] = [cipher.seal(plain, context), cipher.seal(plain, context)];
    expect(a).not.toBe(b);
    expect(a.split(':')[4]).not.toBe(b.split(':')[4]);
  });

  test('FieldCipher refuses a value with a changed byte in its data or its wrapped key', () => {
    const sealed = cipher.seal(plain, context);
    expect(() => cipher.open(alter(sealed, 2), context)).toThrow(
      new SealedDataError(
        'the value does not open in this context: it was altered, or moved from another row or column',
      ),
    );
    expect(() => cipher.open(alter(sealed, 1), context)).toThrow(
      /^the data key does not open under master key k\d{8}-[0-9a-f]{6}: the value was altered/,
    );
  });

  test('FieldCipher refuses a value opened in another context (moved to another row or column)', () => {
    const sealed = cipher.seal(plain, context);
    expect(() => cipher.open(sealed, 'patient.name:["","P2"]')).toThrow(SealedDataError);
    expect(() => cipher.open(sealed, 'patient.birth_date:["","P1"]')).toThrow(
      /does not open in this context/,
    );
  });

  test('FieldCipher refuses a value under a key id the keyring does not hold, or relabelled with another', () => {
    const other = new FieldCipher(Keyring.generate());
    expect(() => cipher.open(other.seal(plain, context), context)).toThrow(
      new SealedDataError(
        `no master key ${other.activeKeyId} in the keyring: the value was sealed under a key since removed, or this is the wrong keyring`,
      ),
    );
    const rotated = new FieldCipher(cipher.keyring.withNewActiveKey());
    const relabelled = cipher.seal(plain, context).replace(cipher.activeKeyId, rotated.activeKeyId);
    expect(() => rotated.open(relabelled, context)).toThrow(/^the data key does not open under master key/);
  });

  test('FieldCipher refuses plaintext and malformed values with a message saying which', () => {
    expect(() => cipher.open('DUPONT^Marie', context)).toThrow(
      /^the value is not sealed .* npm run keys:rotate$/,
    );
    const sealed = cipher.seal(plain, context);
    for (const bad of [
      `${sealed}:extra`,
      sealed.replace(/:[^:]*$/, ':'),
      sealed.replace(/:[^:]*$/, ':not base64!'),
      `${SEALED_PREFIX}bad id:${sealed.split(':').slice(3).join(':')}`,
    ])
      expect(() => cipher.open(bad, context)).toThrow(new SealedDataError('malformed sealed value'));
  });

  test('FieldCipher re-wraps a value under the active key without re-encrypting its data', () => {
    const sealed = cipher.seal(plain, context);
    const rotated = new FieldCipher(cipher.keyring.withNewActiveKey());
    const rewrapped = rotated.rewrap(sealed);
    expect(rotated.keyIdOf(sealed)).toBe(cipher.activeKeyId);
    expect(rotated.keyIdOf(rewrapped)).toBe(rotated.activeKeyId);
    expect(rewrapped.split(':')[4]).toBe(sealed.split(':')[4]);
    expect(rotated.open(rewrapped, context)).toBe(plain);
    expect(rotated.open(sealed, context)).toBe(plain);
    expect(() => cipher.open(rewrapped, context)).toThrow(/^no master key/);
  });
});
