/**
 * Brakes on password guessing, in Redis so that every bridge process shares them: a source
 * address may try `perAddressPerMinute` sign-ins a minute, and an account is locked for
 * `lockoutMs` after `maxFailures` failed attempts (password or second factor) within `lockoutMs`.
 */
import type { Redis } from 'ioredis';

export interface ThrottleSettings {
  readonly maxFailures: number;
  readonly lockoutMs: number;
  readonly perAddressPerMinute: number;
}

export const DEFAULT_THROTTLE_SETTINGS: ThrottleSettings = {
  maxFailures: 5,
  lockoutMs: 15 * 60_000,
  perAddressPerMinute: 30,
};

export type ThrottleVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: 'locked' | 'rate-limited'; readonly retryAfterS: number };

export class LoginThrottle {
  constructor(
    private readonly redis: Redis,
    readonly settings: ThrottleSettings = DEFAULT_THROTTLE_SETTINGS,
    private readonly prefix = 'sentinelle:',
  ) {}

  /** Counts one attempt from `address` and says whether it may go on. */
  async attempt(login: string, address: string): Promise<ThrottleVerdict> {
    const addressKey = `${this.prefix}signin-address:${address}`;
    const [[, count], , [, lockTtl]] = (await this.redis
      .multi()
      .incr(addressKey)
      .pexpire(addressKey, 60_000, 'NX')
      .pttl(this.lockKey(login))
      .exec()) as [[null, number], unknown, [null, number]];
    if (lockTtl > 0) return { allowed: false, reason: 'locked', retryAfterS: Math.ceil(lockTtl / 1000) };
    if (count > this.settings.perAddressPerMinute) {
      const ttl = await this.redis.pttl(addressKey);
      return { allowed: false, reason: 'rate-limited', retryAfterS: Math.max(1, Math.ceil(ttl / 1000)) };
    }
    return { allowed: true };
  }

  /** A failed attempt on the account; true when it locked the account. */
  async failure(login: string): Promise<boolean> {
    const key = `${this.prefix}signin-failures:${login}`;
    const [[, failures]] = (await this.redis
      .multi()
      .incr(key)
      .pexpire(key, this.settings.lockoutMs, 'NX')
      .exec()) as [[null, number]];
    if (failures < this.settings.maxFailures) return false;
    await this.redis.multi().set(this.lockKey(login), '1', 'PX', this.settings.lockoutMs).del(key).exec();
    return true;
  }

  async success(login: string): Promise<void> {
    await this.redis.del(`${this.prefix}signin-failures:${login}`);
  }

  /** Lifts a lockout (an administrator unlocking an account). */
  async unlock(login: string): Promise<void> {
    await this.redis.del(this.lockKey(login), `${this.prefix}signin-failures:${login}`);
  }

  private lockKey(login: string): string {
    return `${this.prefix}signin-lock:${login}`;
  }
}
