import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { alreadyExists, invalidArgument, notFound } from '../http/errors.ts';
import { invalidClient } from './oauth.errors.ts';
import type { Clock } from '../lib/clock.ts';
import { safeEqual, type SecretBox } from '../lib/crypto.ts';
import { idString } from '../lib/ids.ts';
import { formatRfc3339 } from '../lib/time.ts';
import { findPlatformByClientId, findPlatformById, insertPlatform, listPlatformRows, updatePlatform } from './platforms.queries.ts';
import type { PlatformRow } from './oauth.table.ts';
import { setTokensPlatformDisabled } from './oauth.queries.ts';
import { formatScopes, parseScopes, splitStoredScopes } from './scopes.ts';

export interface PlatformDeps {
  db: Db;
  clock: Clock;
  secrets: SecretBox;
}

/** How long the secret replaced by `rotate-secret` keeps working (spec: two active secrets). */
export const DEFAULT_SECRET_GRACE_MS = 24 * 3600 * 1000;

const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const newClientSecret = (): string => randomBytes(32).toString('base64url');

export interface NewPlatformInput {
  name: string;
  clientId?: string;
  redirectUris: string[];
  scopes: string;
  webhookUrl?: string;
  skipShopOauth?: boolean;
  canReadInstallStatus?: boolean;
}

/** A redirect URI is compared exactly, so it must be an absolute http(s) URL without a fragment. */
export function checkRedirectUri(uri: string): string {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw invalidArgument('redirect_uri', `"${uri.slice(0, 200)}" is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalidArgument('redirect_uri', 'must use http or https');
  if (url.hash !== '' || uri.includes('#')) throw invalidArgument('redirect_uri', 'must not contain a fragment');
  if (url.username || url.password) throw invalidArgument('redirect_uri', 'must not contain credentials');
  return uri;
}

export async function createPlatform(deps: PlatformDeps, input: NewPlatformInput) {
  const name = input.name.trim();
  if (name === '' || name.length > 100) throw invalidArgument('name', 'must be 1-100 characters');
  const clientId =
    input.clientId ??
    (name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') ||
      'platform');
  if (!CLIENT_ID.test(clientId)) throw invalidArgument('client_id', 'must be 1-64 letters, digits, ".", "_" or "-"');
  if (input.redirectUris.length === 0) throw invalidArgument('redirect_uri', 'at least one is required');
  const redirectUris = [...new Set(input.redirectUris.map(checkRedirectUri))];
  const scopes = parseScopes(input.scopes, 'scopes');
  if (input.webhookUrl) checkRedirectUri(input.webhookUrl);
  if (await findPlatformByClientId(deps.db, clientId)) throw alreadyExists(`platform ${clientId}`);
  const secret = newClientSecret();
  const now = deps.clock.now();
  const id = await insertPlatform(deps.db, {
    client_id: clientId,
    name,
    client_secret_sealed: deps.secrets.seal(secret),
    previous_secret_sealed: null,
    previous_secret_expires_at: null,
    redirect_uris: JSON.stringify(redirectUris),
    allowed_scopes: formatScopes(scopes),
    webhook_url: input.webhookUrl ?? '',
    skip_shop_oauth: input.skipShopOauth ? 1 : 0,
    can_read_install_status: input.canReadInstallStatus ? 1 : 0,
    status: 'active',
    created_at: now,
    updated_at: now,
  });
  return { platform_id: idString(id), client_id: clientId, client_secret: secret };
}

export const redirectUrisOf = (platform: PlatformRow): string[] => JSON.parse(platform.redirect_uris) as string[];

/** What the operator sees: never a secret. */
export const describePlatform = (p: PlatformRow) => ({
  client_id: p.client_id,
  name: p.name,
  status: p.status,
  redirect_uris: redirectUrisOf(p),
  scopes: splitStoredScopes(p.allowed_scopes),
  webhook_url: p.webhook_url,
  skip_shop_oauth: p.skip_shop_oauth,
  read_shop_install_status: p.can_read_install_status,
  created_at: formatRfc3339(p.created_at),
});

export const listPlatforms = async (db: Db) => (await listPlatformRows(db)).map(describePlatform);

async function requirePlatform(db: Db, clientId: string): Promise<PlatformRow> {
  const platform = await findPlatformByClientId(db, clientId);
  if (!platform) throw notFound(`platform ${clientId}`);
  return platform;
}

/** New secret at once; the old one keeps working for `graceMs` so the platform can switch over. */
export async function rotatePlatformSecret(deps: PlatformDeps, clientId: string, graceMs = DEFAULT_SECRET_GRACE_MS) {
  const platform = await requirePlatform(deps.db, clientId);
  const secret = newClientSecret();
  const now = deps.clock.now();
  await updatePlatform(deps.db, platform.id, {
    client_secret_sealed: deps.secrets.seal(secret),
    previous_secret_sealed: graceMs > 0 ? platform.client_secret_sealed : null,
    previous_secret_expires_at: graceMs > 0 ? now + graceMs : null,
    updated_at: now,
  });
  return { client_id: platform.client_id, client_secret: secret, previous_secret_valid_until: graceMs > 0 ? formatRfc3339(now + graceMs) : '' };
}

/** A disabled platform's tokens and credentials stop working at once (bearer lookup checks the status). */
export async function setPlatformStatus(deps: PlatformDeps, clientId: string, status: 'active' | 'disabled') {
  const platform = await requirePlatform(deps.db, clientId);
  await deps.db.transaction().execute(async (trx) => {
    await updatePlatform(trx, platform.id, { status, updated_at: deps.clock.now() });
    await setTokensPlatformDisabled(trx, platform.id, status === 'disabled');
  });
  return { client_id: platform.client_id, status };
}

/**
 * Client authentication for the token, revoke and platform-management endpoints.
 * Every failure is the same code 16, so a caller cannot tell an unknown client from a wrong secret.
 */
export async function authenticateClient(deps: PlatformDeps, clientId: unknown, clientSecret: unknown): Promise<PlatformRow> {
  const failure = invalidClient();
  if (typeof clientId !== 'string' || typeof clientSecret !== 'string' || clientId === '' || clientSecret === '') throw failure;
  const platform = await findPlatformByClientId(deps.db, clientId);
  if (!platform || platform.status !== 'active') {
    safeEqual(clientSecret, 'x'.repeat(43));
    throw failure;
  }
  const current = safeEqual(clientSecret, deps.secrets.open(platform.client_secret_sealed));
  const previous =
    platform.previous_secret_sealed !== null && (platform.previous_secret_expires_at ?? 0) > deps.clock.now() && safeEqual(clientSecret, deps.secrets.open(platform.previous_secret_sealed));
  if (!current && !previous) throw failure;
  return platform;
}

/** The key that signs this platform's webhook deliveries (spec webhooks.md §2.3); null when unknown. */
export async function platformSigningSecret(db: Db, secrets: SecretBox, platformId: number): Promise<string | null> {
  const platform = await findPlatformById(db, platformId);
  return platform ? secrets.open(platform.client_secret_sealed) : null;
}
