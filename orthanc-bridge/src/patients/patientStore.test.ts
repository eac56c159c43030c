import { Keyring } from '../crypto';
import { patientIdHash, patientIdHashes } from './patientStore';

describe('patientIdHash', () => {
  const keyring = Keyring.generate();
  const marie = { patientId: 'P-0042', issuer: 'CHU-NANTES' };

  test('patientIdHash names its master key and gives the same hash for the same patient, another for another issuer or key', () => {
    const hash = patientIdHash(keyring, marie);
    expect(hash).toMatch(new RegExp(`^${keyring.activeKeyId}:[0-9a-f]{64}$`));
    expect(patientIdHash(keyring, { ...marie })).toBe(hash);
    expect(hash).not.toContain('P-0042');
    expect(patientIdHash(keyring, { ...marie, issuer: '' })).not.toBe(hash);
    // Issuer and PatientID are kept apart: moving characters from one to the other changes the hash.
    expect(patientIdHash(keyring, { patientId: 'NANTES', issuer: 'CHU-' })).not.toBe(
      patientIdHash(keyring, { patientId: '', issuer: 'CHU-NANTES' }),
    );
    expect(patientIdHash(Keyring.generate(), marie).split(':')[1]).not.toBe(hash.split(':')[1]);
  });

  test('patientIdHashes gives the hash under every key of the keyring, so a lookup finds a patient hashed before a rotation', () => {
    const rotated = keyring.withNewActiveKey();
    expect(patientIdHashes(rotated, marie)).toEqual([
      patientIdHash(keyring, marie),
      patientIdHash(rotated, marie),
    ]);
    expect(() => patientIdHash(keyring, marie, rotated.activeKeyId)).toThrow(
      `the keyring holds no master key ${rotated.activeKeyId}`,
    );
  });
});
