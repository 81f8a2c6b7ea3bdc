import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.ts';
import { createMerchant } from '../merchants/merchants.service.ts';
import { hashPassword } from '../merchants/passwords.ts';
import { badInput, conflict, missing, notSignedIn } from './admin.problems.ts';
import type { Role } from './admin.table.ts';
import { appendLedger, type LedgerActor } from './ledger.service.ts';
import { addMembership } from './memberships.queries.ts';
import { revokeAllSessions, sha256Hex } from './sessions.service.ts';

export const RESET_TTL_MS = 3600 * 1000;
export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{1,63}$/;

async function issueToken(
  db: Db,
  row: { kind: 'password_reset' | 'invitation'; email: string; merchant_id: number | null; shop_id: number | null; role: Role | null; invited_by?: string },
  now: number,
  ttl: number,
) {
  const token = randomBytes(32).toString('base64url');
  const inserted = await db
    .insertInto('admin_tokens')
    .values({ ...row, token_hash: sha256Hex(token), created_at: now, expires_at: now + ttl, used_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { token, id: Number(inserted.id) };
}

/** Takes a live token once (guarded update); its row, or null when unknown, used or expired. */
async function useToken(db: Db, kind: 'password_reset' | 'invitation', token: string, now: number) {
  const row = await db.selectFrom('admin_tokens').selectAll().where('token_hash', '=', sha256Hex(token)).where('kind', '=', kind).executeTakeFirst();
  if (!row || row.used_at !== null || row.expires_at <= now) return null;
  const used = await db.updateTable('admin_tokens').set({ used_at: now }).where('id', '=', row.id).where('used_at', 'is', null).executeTakeFirst();
  return Number(used.numUpdatedRows) === 1 ? row : null;
}

export async function setPassword(db: Db, merchantId: number, password: string, now: number): Promise<void> {
  await db
    .updateTable('merchants')
    .set({ password_hash: await hashPassword(password), failed_sign_ins: 0, locked_until: 0, updated_at: now })
    .where('id', '=', merchantId)
    .execute();
}

/** Emails a single-use reset link when the account exists; answers the same either way. */
export async function requestPasswordReset(app: FastifyInstance, emailInput: string): Promise<void> {
  const email = emailInput.trim().toLowerCase();
  const merchant = await app.db.selectFrom('merchants').select('id').where('email', '=', email).executeTakeFirst();
  if (!merchant) return;
  const { token } = await issueToken(app.db, { kind: 'password_reset', email, merchant_id: merchant.id, shop_id: null, role: null }, app.clock.now(), RESET_TTL_MS);
  const link = `${app.config.publicUrl}/admin/reset-password?token=${token}`;
  await app.mailer.send({
    from: app.config.emailFrom,
    to: email,
    subject: 'Reset your Plaudit password',
    text: `Someone asked to reset the password of your Plaudit account.\n\nChoose a new password here (the link works once, for one hour):\n${link}\n\nIf it was not you, ignore this email.\n`,
  });
}

export async function confirmPasswordReset(app: FastifyInstance, token: string, password: string): Promise<void> {
  await app.db.transaction().execute(async (trx) => {
    const now = app.clock.now();
    const row = await useToken(trx, 'password_reset', token, now);
    if (!row || row.merchant_id === null) throw notSignedIn('the reset link is wrong, expired or already used', 'token');
    await setPassword(trx, Number(row.merchant_id), password, now);
    await revokeAllSessions(trx, Number(row.merchant_id));
  });
}

export async function membersOf(db: Db, shopId: number) {
  const rows = await db
    .selectFrom('shop_memberships')
    .innerJoin('merchants', 'merchants.id', 'shop_memberships.merchant_id')
    .select(['merchants.id', 'merchants.email', 'shop_memberships.role', 'shop_memberships.created_at'])
    .where('shop_memberships.shop_id', '=', shopId)
    .orderBy('merchants.email')
    .execute();
  return rows.map((r) => ({ account_id: String(r.id), email: r.email, role: r.role, joined_at: new Date(Number(r.created_at)).toISOString() }));
}

async function ownerCount(db: Db, shopId: number): Promise<number> {
  return Number(
    (
      await db
        .selectFrom('shop_memberships')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('shop_id', '=', shopId)
        .where('role', '=', 'owner')
        .executeTakeFirstOrThrow()
    ).n,
  );
}

/** Changes a member's role (or removes them with null); a shop always keeps an owner. */
export async function changeMember(app: FastifyInstance, shopId: number, actor: LedgerActor, accountIdText: string, role: Role | null) {
  if (!/^[1-9][0-9]{0,15}$/.test(accountIdText)) throw missing('member');
  const accountId = Number(accountIdText);
  await app.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('shop_memberships').select(['role']).where('shop_id', '=', shopId).where('merchant_id', '=', accountId).executeTakeFirst();
    if (!current) throw missing('member');
    if (current.role === 'owner' && role !== 'owner' && (await ownerCount(trx, shopId)) <= 1) throw conflict('a shop needs an owner: make someone else owner first', 'role');
    if (role === null) await trx.deleteFrom('shop_memberships').where('shop_id', '=', shopId).where('merchant_id', '=', accountId).execute();
    else await trx.updateTable('shop_memberships').set({ role, updated_at: app.clock.now() }).where('shop_id', '=', shopId).where('merchant_id', '=', accountId).execute();
    await appendLedger(trx, app.clock, {
      shopId,
      actor,
      action: role === null ? 'member.remove' : 'member.role',
      subject: `account:${accountId}`,
      before: { role: current.role },
      after: role === null ? null : { role },
    });
  });
}

export async function invite(app: FastifyInstance, shopId: number, actor: LedgerActor, emailInput: string, role: Role) {
  const email = emailInput.trim().toLowerCase();
  if (!EMAIL.test(email)) throw badInput('email', 'is not an email address');
  const shop = await app.db.selectFrom('shops').select(['domain', 'name']).where('id', '=', shopId).executeTakeFirstOrThrow();
  const member = await app.db
    .selectFrom('shop_memberships')
    .innerJoin('merchants', 'merchants.id', 'shop_memberships.merchant_id')
    .select('merchants.id')
    .where('shop_memberships.shop_id', '=', shopId)
    .where('merchants.email', '=', email)
    .executeTakeFirst();
  if (member) throw conflict(`${email} is already a member`, 'email');
  const { token, id } = await app.db.transaction().execute(async (trx) => {
    const issued = await issueToken(trx, { kind: 'invitation', email, merchant_id: null, shop_id: shopId, role, invited_by: actor.email }, app.clock.now(), INVITATION_TTL_MS);
    await appendLedger(trx, app.clock, { shopId, actor, action: 'member.invite', subject: `invitation:${issued.id}`, before: null, after: { email, role } });
    return issued;
  });
  const link = `${app.config.publicUrl}/admin/invitations/accept?token=${token}`;
  await app.mailer.send({
    from: app.config.emailFrom,
    to: email,
    subject: `You are invited to ${shop.name} on Plaudit`,
    text: `${actor.email} invited you to moderate the reviews of ${shop.name} (${shop.domain}) as ${role}.\n\nAccept within 7 days:\n${link}\n`,
  });
  return invitationView(await app.db.selectFrom('admin_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
}

export const invitationView = (row: { id: number; email: string; role: Role | null; expires_at: number; created_at: number }) => ({
  id: String(row.id),
  email: row.email,
  role: row.role ?? 'viewer',
  expires_at: new Date(Number(row.expires_at)).toISOString(),
  created_at: new Date(Number(row.created_at)).toISOString(),
});

export async function pendingInvitations(app: FastifyInstance, shopId: number) {
  const rows = await app.db
    .selectFrom('admin_tokens')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('kind', '=', 'invitation')
    .where('used_at', 'is', null)
    .where('expires_at', '>', app.clock.now())
    .orderBy('id')
    .execute();
  return rows.map(invitationView);
}

export async function cancelInvitation(app: FastifyInstance, shopId: number, actor: LedgerActor, idText: string) {
  if (!/^[1-9][0-9]{0,15}$/.test(idText)) throw missing('invitation');
  await app.db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('admin_tokens')
      .set({ used_at: app.clock.now() })
      .where('id', '=', Number(idText))
      .where('shop_id', '=', shopId)
      .where('kind', '=', 'invitation')
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw missing('invitation');
    await appendLedger(trx, app.clock, { shopId, actor, action: 'member.invite_cancel', subject: `invitation:${idText}`, before: null, after: null });
  });
}

export async function describeInvitation(app: FastifyInstance, token: string) {
  const row = await app.db
    .selectFrom('admin_tokens')
    .innerJoin('shops', 'shops.id', 'admin_tokens.shop_id')
    .select(['admin_tokens.email', 'admin_tokens.role', 'admin_tokens.used_at', 'admin_tokens.expires_at', 'shops.domain', 'shops.name'])
    .where('admin_tokens.token_hash', '=', sha256Hex(token))
    .where('admin_tokens.kind', '=', 'invitation')
    .executeTakeFirst();
  if (!row || row.used_at !== null || row.expires_at <= app.clock.now()) throw missing('invitation');
  const account = await app.db.selectFrom('merchants').select('id').where('email', '=', row.email).executeTakeFirst();
  return { shop_domain: row.domain, shop_name: row.name, role: row.role ?? 'viewer', email: row.email, account_exists: account !== undefined };
}

/**
 * Accepts an invitation: an existing account must be the signed-in one; a new account is
 * created with the given password. Returns the account that joined.
 */
export async function acceptInvitation(app: FastifyInstance, token: string, password: string | undefined, signedInMerchantId: number | null): Promise<number> {
  return app.db.transaction().execute(async (trx) => {
    const now = app.clock.now();
    const row = await useToken(trx, 'invitation', token, now);
    if (!row || row.shop_id === null) throw missing('invitation');
    const shopId = Number(row.shop_id);
    const existing = await trx.selectFrom('merchants').select('id').where('email', '=', row.email).executeTakeFirst();
    let merchantId: number;
    if (existing) {
      if (signedInMerchantId !== Number(existing.id)) throw notSignedIn(`sign in as ${row.email} first, then accept`);
      merchantId = Number(existing.id);
    } else {
      if (password === undefined) throw badInput('password', 'is required to create the account');
      const shop = await trx.selectFrom('shops').select('domain').where('id', '=', shopId).executeTakeFirstOrThrow();
      merchantId = Number((await createMerchant({ db: trx, clock: app.clock }, { shopDomain: shop.domain, email: row.email, password })).merchant_id);
    }
    await addMembership(trx, merchantId, shopId, row.role ?? 'viewer', now);
    await appendLedger(trx, app.clock, { shopId, actor: { merchantId, email: row.email }, action: 'member.join', subject: `account:${merchantId}`, before: null, after: { role: row.role } });
    return merchantId;
  });
}
