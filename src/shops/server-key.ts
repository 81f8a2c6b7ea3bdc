import { createHmac } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { SecretBox, safeEqual } from '../lib/crypto.ts';

const CHECK_NAME = 'secret-box';
const CHECK_LABEL = 'plaudit server key check v1';

/** HMAC of a fixed label under the key: proves which key without revealing it. */
export const keyCheckValue = (secretKey: string): string => createHmac('sha256', secretKey).update(CHECK_LABEL).digest('hex');
/** The short form shown to operators (the first 16 hex digits of the check value). */
export const keyFingerprint = (checkValue: string): string => checkValue.slice(0, 16);

export class ServerKeyMismatchError extends Error {}

const RECOVERY =
  'To recover, either restore that key (PLAUDIT_SECRET_KEY, or the secret.key file in DATA_DIR, from your backup), ' +
  'or, if it is lost, keep the new key and run `npx plaudit shops rotate-token --all` with it: every shop gets a new private token ' +
  '(give each to its integration) and the new key is recorded. Platform client secrets and Shopify app secrets sealed with the old key ' +
  'must then be entered again (`npx plaudit platforms …`, `npx plaudit orders shopify-secret …`).';

/**
 * Called once on start. Records the key's check value when the database has none (a new
 * database, or one from before key checks, after proving the key opens its sealed tokens);
 * otherwise refuses a key whose check value differs.
 */
export async function verifyServerKey(db: Db, secretKey: string, now: number): Promise<'recorded' | 'matched'> {
  const mine = keyCheckValue(secretKey);
  const stored = await db.selectFrom('server_key_checks').select('check_value').where('name', '=', CHECK_NAME).executeTakeFirst();
  if (stored) {
    if (safeEqual(stored.check_value, mine)) return 'matched';
    throw new ServerKeyMismatchError(
      `plaudit refuses to start: this process's server key (fingerprint ${keyFingerprint(mine)}) is not the key this database was set up with ` +
        `(fingerprint ${keyFingerprint(stored.check_value)}); the shops' private tokens cannot be read with it. ${RECOVERY}`,
    );
  }
  const sample = await db.selectFrom('shops').select('private_token_sealed').orderBy('id').limit(1).executeTakeFirst();
  if (sample && !opens(secretKey, sample.private_token_sealed)) {
    throw new ServerKeyMismatchError(
      `plaudit refuses to start: this process's server key (fingerprint ${keyFingerprint(mine)}) cannot read the private tokens stored in this database, ` +
        `which were sealed with another key (recorded before key checks existed, so its fingerprint is unknown). ${RECOVERY}`,
    );
  }
  await recordServerKey(db, secretKey, now, { replace: false });
  // A concurrent first start with another key may have won: check again (throws if it did).
  await verifyServerKey(db, secretKey, now);
  return 'recorded';
}

/** Records the key's check value; `replace` only after every sealed shop token was re-sealed with it. */
export async function recordServerKey(db: Db, secretKey: string, now: number, options: { replace: boolean }): Promise<void> {
  const values = { name: CHECK_NAME, check_value: keyCheckValue(secretKey), recorded_at: now };
  await db
    .insertInto('server_key_checks')
    .values(values)
    .onConflict((oc) => (options.replace ? oc.column('name').doUpdateSet({ check_value: values.check_value, recorded_at: now }) : oc.column('name').doNothing()))
    .execute();
}

function opens(secretKey: string, sealed: string): boolean {
  try {
    new SecretBox(secretKey).open(sealed);
    return true;
  } catch {
    return false;
  }
}
