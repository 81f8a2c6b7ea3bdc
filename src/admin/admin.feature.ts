import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { registerAdminAuth } from './admin.auth.ts';
import { missing, registerProblemHandlers } from './admin.problems.ts';
import { ADMIN_TAGS as tags, PROBLEMS } from './admin.schemas.ts';
import { sessionRoutes } from './session.routes.ts';
import { shopRoutes } from './shops.routes.ts';
import { inboxRoutes } from './inbox.routes.ts';
import { jobRoutes } from './jobs.routes.ts';
import { ledgerRoutes } from './ledger.routes.ts';
import { dashboardRoutes } from './dashboard.routes.ts';
import { settingsRoutes } from './settings.routes.ts';
import { emailTextsRoutes } from './email-texts.routes.ts';
import { appearanceRoutes } from './appearance.routes.ts';
import { teamRoutes } from './team.routes.ts';
import { totpRoutes } from './totp.routes.ts';
import { questionRoutes } from './questions.routes.ts';
import { rewardRoutes } from './rewards.routes.ts';
import { hiddenByMonth, transparencyEnabled, transparencyPage } from './transparency.service.ts';
import { issueSetupToken, setupNeeded } from './setup.service.ts';

export const ADMIN_API_PREFIX = '/admin/api/v1';

/** The Admin API: problem details, one session/CSRF/role hook, resource routes. */
const adminApi: FastifyPluginAsyncTypebox = async (app) => {
  registerProblemHandlers(app);
  registerAdminAuth(app);
  await app.register(sessionRoutes);
  await app.register(shopRoutes);
  await app.register(inboxRoutes);
  await app.register(jobRoutes);
  await app.register(ledgerRoutes);
  await app.register(dashboardRoutes);
  await app.register(settingsRoutes);
  await app.register(emailTextsRoutes);
  await app.register(appearanceRoutes);
  await app.register(teamRoutes);
  await app.register(totpRoutes);
  await app.register(questionRoutes);
  await app.register(rewardRoutes);
  // More specific than the console's `/admin/*` page fallback: an unknown API path stays a JSON 404.
  app.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/*',
    schema: {
      summary: 'Unknown Admin API path',
      description: 'Always answers a problem+json 404.',
      tags,
      params: Type.Object({ '*': Type.String({ description: 'the rest of the path' }) }),
      response: PROBLEMS,
    },
    config: { adminAuth: 'anonymous' },
    handler: async () => {
      throw missing('endpoint');
    },
  });
};

/** Admin API, the `GET /` entry and the first-run setup token announcement. */
export const adminFeature: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(adminApi, { prefix: ADMIN_API_PREFIX });

  app.get(
    '/',
    {
      schema: {
        summary: 'Server entry: to the console',
        description: 'Redirects to /admin/setup while first-run setup is pending (no merchant account yet), else to the console at /admin/.',
        tags,
        response: { 302: Type.Null({ description: 'redirect' }) },
      },
    },
    async (_request, reply) => reply.redirect((await setupNeeded(app.db)) ? '/admin/setup' : '/admin/', 302),
  );

  app.get(
    '/s/:shop/transparency',
    {
      schema: {
        summary: 'Moderation transparency page (public)',
        description: "Counts of reviews hidden per month by reason, from the shop's moderation ledger. 404 unless the shop turned the page on.",
        tags: ['Storefront'],
        params: Type.Object({ shop: Type.String({ maxLength: 253, description: 'shop domain' }) }),
        response: { 200: Type.String({ description: 'text/html page' }), 404: Type.String({ description: 'text/plain' }) },
      },
    },
    async (request, reply) => {
      const shop = await app.db.selectFrom('shops').select(['id', 'name']).where('domain', '=', request.params.shop.trim().toLowerCase()).executeTakeFirst();
      if (!shop || !(await transparencyEnabled(app.db, Number(shop.id)))) return reply.status(404).type('text/plain; charset=utf-8').send('not found');
      const rows = await hiddenByMonth(app.db, Number(shop.id), app.clock.now());
      return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=300').send(transparencyPage(shop.name, rows));
    },
  );

  // Printed once when the server starts listening (not by workers or tests that never listen).
  app.addHook('onListen', async () => {
    const token = await issueSetupToken({ db: app.db, clock: app.clock, secretKey: app.config.secretKey });
    if (token) {
      app.log.info(`first-run setup: open ${app.config.publicUrl}/admin/setup and enter the one-time setup token ${token}`);
    }
  });
};
