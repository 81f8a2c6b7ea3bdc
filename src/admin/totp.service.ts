import { randomBytes } from 'node:crypto';
import { authenticator } from 'otplib';
import type { Db } from '../db/database.ts';
import type { Clock } from '../lib/clock.ts';
import type { SecretBox } from '../lib/crypto.ts';
import { AdminProblem, badInput, conflict, notSignedIn } from './admin.problems.ts';
import { sha256Hex } from './sessions.service.ts';

const STEP_SECONDS = 30;
const RECOVERY_CODES = 10;

export interface TotpDeps {
  db: Db;
  clock: Clock;
  secrets: SecretBox;
}

/** The code generator at the injected time; one step of drift either way is accepted. */
const otp = (clock: Clock) => authenticator.clone({ epoch: clock.now(), window: 1, step: STEP_SECONDS });

export async function totpEnabled(db: Db, merchantId: number): Promise<boolean> {
  const row = await db.selectFrom('admin_totp').select('enabled').where('merchant_id', '=', merchantId).executeTakeFirst();
  return row?.enabled === 1;
}

/** Starts (or restarts) enrolment: a new secret, not active until a code confirms it. */
export async function startTotp(deps: TotpDeps, merchantId: number, email: string) {
  if (await totpEnabled(deps.db, merchantId)) throw conflict('two-factor sign-in is already on; turn it off first');
  const secret = authenticator.generateSecret(20);
  const row = { merchant_id: merchantId, secret_sealed: deps.secrets.seal(secret), enabled: 0, recovery_hashes: '[]', updated_at: deps.clock.now() };
  await deps.db
    .insertInto('admin_totp')
    .values(row)
    .onConflict((oc) => oc.column('merchant_id').doUpdateSet({ secret_sealed: row.secret_sealed, enabled: 0, recovery_hashes: '[]', updated_at: row.updated_at }))
    .execute();
  return { secret, otpauth_url: authenticator.keyuri(email, 'Plaudit', secret) };
}

/** A code for this account's secret, once per time step; false when wrong or replayed. */
async function acceptCode(deps: TotpDeps, db: Db, merchantId: number, code: string): Promise<boolean> {
  const row = await db.selectFrom('admin_totp').selectAll().where('merchant_id', '=', merchantId).executeTakeFirst();
  if (!row || !/^[0-9]{6}$/.test(code)) return false;
  const generator = otp(deps.clock);
  const delta = generator.checkDelta(code, deps.secrets.open(row.secret_sealed));
  if (delta === null) return false;
  const step = Math.floor(deps.clock.now() / 1000 / STEP_SECONDS) + delta;
  const taken = await db.updateTable('admin_totp').set({ last_step: step }).where('merchant_id', '=', merchantId).where('last_step', '<', step).executeTakeFirst();
  return Number(taken.numUpdatedRows) === 1;
}

/** Confirms enrolment with a first code; returns the recovery codes (shown once). */
export async function confirmTotp(deps: TotpDeps, merchantId: number, code: string): Promise<string[]> {
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('admin_totp').select('enabled').where('merchant_id', '=', merchantId).executeTakeFirst();
    if (!row) throw conflict('start enrolment first (POST /account/totp)');
    if (row.enabled === 1) throw conflict('two-factor sign-in is already on');
    if (!(await acceptCode(deps, trx, merchantId, code))) throw badInput('code', 'is not the current code of the authenticator app');
    const codes = Array.from({ length: RECOVERY_CODES }, () => randomBytes(5).toString('hex'));
    await trx
      .updateTable('admin_totp')
      .set({ enabled: 1, recovery_hashes: JSON.stringify(codes.map(sha256Hex)), updated_at: deps.clock.now() })
      .where('merchant_id', '=', merchantId)
      .execute();
    return codes;
  });
}

export async function disableTotp(db: Db, merchantId: number): Promise<void> {
  await db.deleteFrom('admin_totp').where('merchant_id', '=', merchantId).execute();
}

/**
 * The second factor of a sign-in whose password was right: a current code or an unused
 * recovery code (which is then spent). Throws 401 totp-required when neither was sent.
 */
export async function checkSecondFactor(deps: TotpDeps, merchantId: number, input: { totp_code?: string; recovery_code?: string }): Promise<void> {
  if (!(await totpEnabled(deps.db, merchantId))) return;
  if (input.totp_code === undefined && input.recovery_code === undefined) {
    throw new AdminProblem(401, 'totp-required', 'this account uses two-factor sign-in: send totp_code (or a recovery_code) with the password', 'totp_code');
  }
  if (input.totp_code !== undefined) {
    if (await acceptCode(deps, deps.db, merchantId, input.totp_code.trim())) return;
    throw notSignedIn('the two-factor code is wrong or was already used', 'totp_code');
  }
  const hash = sha256Hex(input.recovery_code!.trim().toLowerCase());
  const spent = await deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('admin_totp').select('recovery_hashes').where('merchant_id', '=', merchantId).executeTakeFirstOrThrow();
    const hashes = JSON.parse(row.recovery_hashes) as string[];
    if (!hashes.includes(hash)) return false;
    const left = JSON.stringify(hashes.filter((h) => h !== hash));
    const updated = await trx.updateTable('admin_totp').set({ recovery_hashes: left }).where('merchant_id', '=', merchantId).where('recovery_hashes', '=', row.recovery_hashes).executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  });
  if (!spent) throw notSignedIn('the recovery code is wrong or was already used', 'recovery_code');
}
