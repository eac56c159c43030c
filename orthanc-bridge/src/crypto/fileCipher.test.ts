import { randomBytes } from 'node:crypto';
import { SealedDataError } from './envelope';
import { openFile, sealFile } from './fileCipher';
import { Keyring } from './keyring';

describe('sealFile', () => {
  const keyring = Keyring.generate();
  const content = Buffer.concat([Buffer.from('%PDF-1.7 rapport de DUPONT^Marie '), randomBytes(4096)]);
  const context = 'report:1.2.826.0.1.3680043.2.1125.1';

  test('sealFile writes a header naming the key, and openFile gives back the content', () => {
    const sealed = sealFile(keyring, content, context);
    expect(sealed.subarray(0, 8).toString('latin1')).toBe('SNTLENC\u0001');
    expect(sealed.subarray(9, 9 + sealed[8]!).toString('ascii')).toBe(keyring.activeKeyId);
    expect(sealed.includes(Buffer.from('DUPONT'))).toBe(false);
    expect(openFile(keyring, sealed, context).equals(content)).toBe(true);
    expect(openFile(keyring, sealFile(keyring, Buffer.alloc(0), context), context).length).toBe(0);
  });

  test('sealFile output does not open once a byte changed, in another context, or without its key', () => {
    const sealed = sealFile(keyring, content, context);
    for (const at of [9 + sealed[8]! + 5, sealed.length - 1]) {
      const altered = Buffer.from(sealed);
      altered[at]! ^= 0x01;
      expect(() => openFile(keyring, altered, context)).toThrow(SealedDataError);
    }
    expect(() => openFile(keyring, sealed, 'report:1.2.3')).toThrow(/does not open in this context/);
    expect(() => openFile(Keyring.generate(), sealed, context)).toThrow(
      new RegExp(`^no master key ${keyring.activeKeyId} in the keyring`),
    );
  });

  test('sealFile output is told apart from a plain file, another version or a cut header', () => {
    expect(() => openFile(keyring, content, context)).toThrow(
      new SealedDataError('not a sealed file (no Sentinelle encryption header)'),
    );
    const sealed = sealFile(keyring, content, context);
    const v2 = Buffer.from(sealed);
    v2[7] = 2;
    expect(() => openFile(keyring, v2, context)).toThrow('sealed file version 2 is not supported');
    expect(() => openFile(keyring, sealed.subarray(0, 40), context)).toThrow('malformed sealed file header');
  });
});
