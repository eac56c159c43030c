/**
 * The second factor, as signing in and signing a report check it: a TOTP code (each time step used
 * once), or one of the account's recovery codes (each spent once).
 */
import { matchRecoveryCode } from './recoveryCodes';
import { verifyTotp } from './totp';
import type { BridgeContext } from '../context';
import { totpSecretContext, useRecoveryCode, useTotpStep, type SignInRecord } from '../users/userStore';

export async function passesSecondFactor(
  ctx: BridgeContext,
  record: SignInRecord,
  code: string,
): Promise<boolean> {
  const { account } = record;
  if (record.totpSecret !== null) {
    const secret = ctx.cipher.open(record.totpSecret, totpSecretContext(account.id));
    const result = verifyTotp(secret, code, { lastUsedStep: record.totpLastStep ?? undefined });
    if (result.ok && (await useTotpStep(ctx.pool, account.id, result.step))) return true;
  }
  const index = await matchRecoveryCode(code, record.recoveryCodeHashes);
  return index >= 0 && useRecoveryCode(ctx.pool, account.id, record.recoveryCodeHashes[index]!);
}
