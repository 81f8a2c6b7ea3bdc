/**
 * How platform-owned subscriptions (platform_id ≠ 0) are signed. The OAuth feature provides
 * the resolver (Services.platformWebhookCredentials, src/services.ts): for a platform and shop it returns the
 * platform's client id (sent as Open-Trustoo-Webhook-Public-token), its client secret (the
 * signing key, spec webhooks.md §2.3) and the scopes of its *current* grant — or null when
 * the platform has no active grant for the shop, and the delivery is then skipped with the
 * reason recorded.
 */
export interface PlatformWebhookCredentials {
  clientId: string;
  clientSecret: string;
  /** Scopes of the platform's current grant for the shop. */
  scopes: ReadonlySet<string>;
}

export type PlatformWebhookResolver = (platformId: number, shopId: number) => Promise<PlatformWebhookCredentials | null>;

declare module 'fastify' {
  interface FastifyInstance {
    platformWebhookCredentials: PlatformWebhookResolver;
  }
}
