/**
 * Sessions in Redis. The cookie carries a random 256-bit id; Redis keys are its SHA-256, so a
 * Redis dump gives no usable session. A session ends after `idleTimeoutMs` without a request
 * (the key's TTL, renewed on each request) and in any case `absoluteTimeoutMs` after sign-in.
 * Each account's sessions are listed in a set, for "sign out everywhere".
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface SessionSettings {
  readonly idleTimeoutMs: number;
  readonly absoluteTimeoutMs: number;
}

export const DEFAULT_SESSION_SETTINGS: SessionSettings = {
  idleTimeoutMs: 30 * 60_000,
  absoluteTimeoutMs: 12 * 3_600_000,
};

/**
 * Where sign-in stands: `second-factor` after a good password for an account with TOTP,
 * `enrolment` when the policy wants TOTP and the account has none yet, `signed-in` after that.
 * Only the sign-in routes answer a session that is not `signed-in`.
 */
export type SessionStage = 'second-factor' | 'enrolment' | 'signed-in';

export interface Session {
  readonly userId: string;
  readonly stage: SessionStage;
  /** Epoch ms. */
  readonly createdAt: number;
  /** Sent back in X-CSRF-Token on every cookie-authenticated write. */
  readonly csrfToken: string;
  readonly sourceIp: string | null;
  /** An enrolment's TOTP secret until its first code confirms it (then it moves to the account). */
  readonly pendingTotpSecret?: string;
  /**
   * The pending enrolment was begun with the password and the current code: it may replace a
   * second factor already enrolled (a stolen session alone cannot).
   */
  readonly pendingTotpReplaces?: boolean;
  /** How the account signed in. */
  readonly method: 'password' | 'oidc';
}

const newToken = () => randomBytes(32).toString('base64url');
const digest = (id: string) => createHash('sha256').update(id).digest('hex');

export class SessionStore {
  constructor(
    private readonly redis: Redis,
    readonly settings: SessionSettings = DEFAULT_SESSION_SETTINGS,
    private readonly prefix = 'sentinelle:',
  ) {}

  private key(id: string): string {
    return `${this.prefix}session:${digest(id)}`;
  }

  private userKey(userId: string): string {
    return `${this.prefix}user-sessions:${userId}`;
  }

  /** A new session and its id (for the cookie). */
  async create(
    fields: Pick<Session, 'userId' | 'stage' | 'sourceIp' | 'method'>,
  ): Promise<{ id: string; session: Session }> {
    const id = newToken();
    const session: Session = { ...fields, createdAt: Date.now(), csrfToken: newToken() };
    const userKey = this.userKey(fields.userId);
    await this.redis
      .multi()
      .set(this.key(id), JSON.stringify(session), 'PX', this.ttlOf(session))
      .sadd(userKey, digest(id))
      .pexpire(userKey, this.settings.absoluteTimeoutMs)
      .exec();
    return { id, session };
  }

  /** The live session of this id, its idle timer restarted; undefined when unknown or expired. */
  async touch(id: string): Promise<Session | undefined> {
    // One round trip on every request: read and restart the idle timer together; a second only
    // near the absolute deadline.
    const raw = await this.redis.getex(this.key(id), 'PX', this.settings.idleTimeoutMs);
    if (raw === null) return undefined;
    const session = JSON.parse(raw) as Session;
    const ttl = this.ttlOf(session);
    if (ttl <= 0) {
      await this.destroy(id, session.userId);
      return undefined;
    }
    if (ttl < this.settings.idleTimeoutMs) await this.redis.pexpire(this.key(id), ttl);
    return session;
  }

  /** Replaces the session's fields (keeps its id and deadlines). */
  async update(id: string, session: Session): Promise<void> {
    await this.redis.set(this.key(id), JSON.stringify(session), 'PX', Math.max(1, this.ttlOf(session)));
  }

  async destroy(id: string, userId: string): Promise<void> {
    await this.redis.multi().del(this.key(id)).srem(this.userKey(userId), digest(id)).exec();
  }

  /** Ends every session of the account (sign out everywhere, disabled account, new password). */
  async destroyAllOf(userId: string): Promise<number> {
    const userKey = this.userKey(userId);
    const digests = await this.redis.smembers(userKey);
    const keys = digests.map((d) => `${this.prefix}session:${d}`);
    const results = await this.redis
      .multi()
      .del(...keys, userKey)
      .exec();
    return keys.length === 0 ? 0 : Math.min(keys.length, Number(results?.[0]?.[1] ?? 0));
  }

  /** Time left: the idle timeout, cut short by the absolute deadline. */
  private ttlOf(session: Session): number {
    const absoluteLeft = session.createdAt + this.settings.absoluteTimeoutMs - Date.now();
    return Math.min(this.settings.idleTimeoutMs, absoluteLeft);
  }
}
