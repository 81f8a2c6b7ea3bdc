import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { reviewRequestSettingsRoutes } from './review-requests.routes.ts';
import { moderationSettingsRoutes } from './moderation.routes.ts';
import { alertSettingsRoutes } from './alerts.routes.ts';
import { shopifySettingsRoutes } from './shopify.routes.ts';
import { credentialsRoutes } from './credentials.routes.ts';
import { webhookRoutes } from './webhooks.routes.ts';
import { platformRoutes } from './platforms.routes.ts';

/** Shop settings the CLI could change before, one file per area; every change is also a ledger entry. */
export const settingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(reviewRequestSettingsRoutes);
  await app.register(moderationSettingsRoutes);
  await app.register(alertSettingsRoutes);
  await app.register(shopifySettingsRoutes);
  await app.register(credentialsRoutes);
  await app.register(webhookRoutes);
  await app.register(platformRoutes);
};
