import { Keyring } from './keyring';
import { purposeKey } from './purposeKeys';

describe('purposeKey', () => {
  const keyring = Keyring.generate();

  test('purposeKey derives the same key for the same master key, another for another, and never the master key itself', () => {
    const active = purposeKey(keyring, 'audit-chain')!;
    expect(active.keyId).toBe(keyring.activeKeyId);
    expect(active.key).toHaveLength(32);
    expect(purposeKey(keyring, 'audit-chain', keyring.activeKeyId)!.key.equals(active.key)).toBe(true);
    expect(active.key.equals(keyring.activeKey)).toBe(false);

    const rotated = keyring.withNewActiveKey();
    const next = purposeKey(rotated, 'audit-chain')!;
    expect(next.keyId).toBe(rotated.activeKeyId);
    expect(next.key.equals(active.key)).toBe(false);
    // A rotated keyring still derives the old key: entries keyed before the rotation verify.
    expect(purposeKey(rotated, 'audit-chain', keyring.activeKeyId)!.key.equals(active.key)).toBe(true);
  });

  test('purposeKey gives nothing for a master key the keyring lacks', () => {
    expect(purposeKey(keyring, 'audit-chain', 'k20250101-000000')).toBeUndefined();
  });
});
