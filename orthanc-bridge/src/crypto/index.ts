// Encryption at rest: envelope encryption (AES-256-GCM) of PHI columns and stored files.
export { Keyring, KeyringError, KEY_ID_PATTERN } from './keyring';
export { addActiveKey, ensureKeyring, keyringFile, loadKeyring, withKeyringLock } from './keyringFile';
export { SealedDataError } from './envelope';
export { FieldCipher, isSealed, SEALED_PREFIX } from './fieldCipher';
export { openFile, rewrapFile, sealFile } from './fileCipher';
export { purposeKey, type KeyPurpose, type PurposeKey } from './purposeKeys';
