/**
 * Master keys (key-encryption keys). Each wraps the data keys of the values sealed under it; one is
 * active, for new values, and the older ones stay so that values sealed before a rotation still open.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

export const MASTER_KEY_BYTES = 32;
/** Key ids travel inside sealed values (`enc:v1:<kid>:...`) and file headers: short, no ':'. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const KEYRING_FORMAT = 'sentinelle-keyring/1';

/** The keyring (its file or its content) cannot be used. */
export class KeyringError extends Error {
  override readonly name = 'KeyringError';
}

const keyringSchema = z.strictObject({
  format: z.literal(KEYRING_FORMAT),
  active: z.string().regex(KEY_ID_PATTERN),
  keys: z
    .array(
      z.strictObject({
        id: z.string().regex(KEY_ID_PATTERN),
        createdAt: z.iso.datetime(),
        key: z.base64().refine((k) => Buffer.from(k, 'base64').length === MASTER_KEY_BYTES, {
          error: `must be ${MASTER_KEY_BYTES} bytes in base64`,
        }),
      }),
    )
    .min(1),
});

interface MasterKey {
  readonly key: Buffer;
  readonly createdAt: string;
}

/** `k<yyyymmdd>-<6 hex>`: sorts by date for whoever reads the keyring, unique without a counter. */
function newKeyId(now: Date): string {
  return `k${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`;
}

export class Keyring {
  // Private so that logging an object holding the keyring never prints key material.
  readonly #keys: ReadonlyMap<string, MasterKey>;

  private constructor(
    readonly activeKeyId: string,
    keys: ReadonlyMap<string, MasterKey>,
  ) {
    this.#keys = keys;
  }

  /** A keyring of one fresh key. */
  static generate(now: Date = new Date()): Keyring {
    const id = newKeyId(now);
    return new Keyring(
      id,
      new Map([[id, { key: randomBytes(MASTER_KEY_BYTES), createdAt: now.toISOString() }]]),
    );
  }

  /** Reads the JSON of a keyring file; `source` names it in errors. */
  static parse(json: string, source: string): Keyring {
    let data: unknown;
    try {
      data = JSON.parse(json);
    } catch (error) {
      throw new KeyringError(`the keyring ${source} is not JSON: ${(error as Error).message}`);
    }
    const parsed = keyringSchema.safeParse(data);
    if (!parsed.success)
      throw new KeyringError(`the keyring ${source} is not valid: ${z.prettifyError(parsed.error)}`);
    const keys = new Map<string, MasterKey>();
    for (const k of parsed.data.keys) {
      if (keys.has(k.id)) throw new KeyringError(`the keyring ${source} holds key ${k.id} twice`);
      keys.set(k.id, { key: Buffer.from(k.key, 'base64'), createdAt: k.createdAt });
    }
    if (!keys.has(parsed.data.active))
      throw new KeyringError(
        `the keyring ${source} names ${parsed.data.active} active but holds no such key`,
      );
    return new Keyring(parsed.data.active, keys);
  }

  /** The keyring file's content (key material included: write it with mode 0600 only). */
  serialize(): string {
    const keys = [...this.#keys].map(([id, k]) => ({
      id,
      createdAt: k.createdAt,
      key: k.key.toString('base64'),
    }));
    return `${JSON.stringify({ format: KEYRING_FORMAT, active: this.activeKeyId, keys }, null, 2)}\n`;
  }

  /** This keyring plus a fresh key, made active. */
  withNewActiveKey(now: Date = new Date()): Keyring {
    let id = newKeyId(now);
    while (this.#keys.has(id)) id = newKeyId(now);
    const keys = new Map(this.#keys);
    keys.set(id, { key: randomBytes(MASTER_KEY_BYTES), createdAt: now.toISOString() });
    return new Keyring(id, keys);
  }

  get activeKey(): Buffer {
    return this.#keys.get(this.activeKeyId)!.key;
  }

  /** The master key of that id; undefined when the keyring does not hold it. */
  key(id: string): Buffer | undefined {
    return this.#keys.get(id)?.key;
  }

  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }
}
