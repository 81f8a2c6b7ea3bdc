import type { Db } from '../db/database.ts';
import type { SecretBox } from '../lib/crypto.ts';
import type { PlatformWebhookResolver } from '../webhooks/webhooks.platforms.ts';
import { deletePlatformSubscriptions } from '../webhooks/webhooks.queries.ts';
import type { OAuthHooks } from './oauth.hooks.ts';
import { findActiveGrant } from './oauth.queries.ts';
import { findPlatformById } from './platforms.queries.ts';
import { splitStoredScopes, withImplied } from './scopes.ts';

/**
 * Where OAuth meets webhooks: platform-owned subscriptions are signed with the platform's
 * client secret and only while its grant for the shop is active and holds the topic's scope;
 * a disconnected platform loses its subscriptions in the same transaction.
 */
export const platformWebhookCredentials =
  (db: Db, secrets: SecretBox): PlatformWebhookResolver =>
  async (platformId, shopId) => {
    const platform = await findPlatformById(db, platformId);
    if (!platform || platform.status !== 'active') return null;
    const grant = await findActiveGrant(db, platformId, shopId);
    if (!grant) return null;
    return {
      clientId: platform.client_id,
      clientSecret: secrets.open(platform.client_secret_sealed),
      scopes: withImplied(splitStoredScopes(grant.scopes)),
    };
  };

/** Adds the webhooks listener to a set of OAuth hooks. */
export function withWebhookCleanup(hooks: OAuthHooks): OAuthHooks {
  return {
    ...hooks,
    onPlatformDisconnected: [
      ...hooks.onPlatformDisconnected,
      async (trx, event) => {
        await deletePlatformSubscriptions(trx, event.shopId, event.platformId);
      },
    ],
  };
}
