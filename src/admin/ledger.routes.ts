import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { adminOf } from './admin.auth.ts';
import { badInput } from './admin.problems.ts';
import { ADMIN_SECURITY as security, ADMIN_TAGS as tags, Body, PROBLEMS, ShopIdParams } from './admin.schemas.ts';
import { LedgerEntrySchema } from './inbox.schemas.ts';
import { ledgerEntryView } from './ledger.service.ts';
import { setTransparency, transparencyEnabled } from './transparency.service.ts';

const CSV_COLUMNS = ['seq', 'at', 'account_id', 'email', 'action', 'subject', 'before', 'after', 'prev_hash', 'hash'] as const;
const csvCell = (value: unknown) => {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  // Quote every cell; a leading formula character is neutralised for spreadsheets.
  return `"${(/^[=+\-@\t\r]/.test(text) ? `'${text}` : text).replace(/"/g, '""')}"`;
};

/** The moderation ledger: pages, export, and the transparency page setting. */
export const ledgerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/shops/:shop_id/ledger',
    {
      schema: {
        summary: 'Moderation ledger',
        description: 'Every moderation and settings action, newest first; each entry carries the SHA-256 of the previous one.',
        tags,
        security,
        params: ShopIdParams,
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'page size 1-100 (default 50)' })),
            cursor: Type.Optional(Type.String({ maxLength: 40, description: 'next_cursor of the previous page' })),
            review_id: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,15}$', description: "only this review's entries" })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(LedgerEntrySchema), next_cursor: Type.Union([Type.String(), Type.Null()], { description: 'cursor of the next page' }) }), ...PROBLEMS },
      },
      config: { adminRole: 'viewer' },
    },
    async (request) => {
      const shopId = adminOf(request).shopId;
      const limit = request.query.limit ?? 50;
      let query = app.db.selectFrom('moderation_ledger').selectAll().where('shop_id', '=', shopId);
      if (request.query.cursor !== undefined) {
        const decoded = Buffer.from(request.query.cursor, 'base64url').toString('utf8');
        if (!/^s[1-9][0-9]{0,8}$/.test(decoded)) throw badInput('cursor', 'is not a cursor of this list');
        query = query.where('seq', '<', Number(decoded.slice(1)));
      }
      if (request.query.review_id) query = query.where('subject', '=', `review:${request.query.review_id}`);
      const rows = await query
        .orderBy('seq', 'desc')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { items: page.map(ledgerEntryView), next_cursor: rows.length > limit && last ? Buffer.from(`s${last.seq}`).toString('base64url') : null };
    },
  );

  app.get(
    '/shops/:shop_id/ledger/export',
    {
      schema: {
        summary: 'Export the ledger',
        description: 'The whole ledger, oldest first, as JSON lines (one entry per line) or CSV; a file download.',
        tags,
        security,
        params: ShopIdParams,
        querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('jsonl'), Type.Literal('csv')], { description: 'jsonl (default) or csv' })) }, { additionalProperties: false }),
        response: { 200: Type.String({ description: 'the file' }), ...PROBLEMS },
      },
      config: { adminRole: 'owner' },
    },
    async (request, reply) => {
      const shopId = adminOf(request).shopId;
      const format = request.query.format ?? 'jsonl';
      const lines: string[] = format === 'csv' ? [CSV_COLUMNS.join(',')] : [];
      for (let after = 0; ;) {
        const rows = await app.db.selectFrom('moderation_ledger').selectAll().where('shop_id', '=', shopId).where('seq', '>', after).orderBy('seq').limit(1000).execute();
        for (const row of rows) {
          const entry = ledgerEntryView(row);
          lines.push(
            format === 'csv'
              ? [entry.seq, entry.at, entry.actor.account_id, entry.actor.email, entry.action, entry.subject, entry.before, entry.after, entry.prev_hash, entry.hash].map(csvCell).join(',')
              : JSON.stringify(entry),
          );
        }
        if (rows.length < 1000) break;
        after = Number(rows[rows.length - 1]!.seq);
      }
      return reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="ledger-${shopId}.${format}"`)
        .serializer((text: string) => text)
        .send(lines.join('\n') + (lines.length ? '\n' : ''));
    },
  );

  const TransparencySchema = Type.Object({ enabled: Type.Boolean({ description: 'the public page /s/<shop>/transparency is on' }) });
  app.get(
    '/shops/:shop_id/settings/transparency',
    {
      schema: {
        summary: 'Transparency page setting',
        description: 'Whether the shop publishes counts of hidden reviews by reason per month.',
        tags,
        security,
        params: ShopIdParams,
        response: { 200: TransparencySchema, ...PROBLEMS },
      },
      config: { adminRole: 'viewer' },
    },
    async (request) => ({ enabled: await transparencyEnabled(app.db, adminOf(request).shopId) }),
  );

  app.put(
    '/shops/:shop_id/settings/transparency',
    {
      schema: {
        summary: 'Turn the transparency page on or off',
        description: 'Recorded in the ledger.',
        tags,
        security,
        params: ShopIdParams,
        body: Body({ enabled: Type.Boolean({ description: 'publish the page' }) }),
        response: { 200: TransparencySchema, ...PROBLEMS },
      },
      config: { adminRole: 'owner' },
    },
    async (request) => {
      const admin = adminOf(request);
      return { enabled: await setTransparency(app, admin.shopId, { merchantId: admin.merchantId, email: admin.email }, request.body.enabled) };
    },
  );
};
