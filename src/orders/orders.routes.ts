import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { envelopeOf, ok } from '../http/envelope.ts';
import { PARTNER_SECURITY } from '../http/openapi.ts';
import { GetOrdersQuery, OrderList, PushOrdersBody, PushOrdersResult } from './orders.schemas.ts';
import { listOrders, pushOrders } from './orders.service.ts';

const tags = ['Orders'];

const listSchema = {
  summary: 'List orders',
  description:
    "Pages through the shop's orders with the state of their review request, newest first by default. type filters on the " +
    'status (0 all). Time filters take Unix seconds or "YYYY-MM-DD HH:MM:SS" (UTC); "" means no filter. Scope read_orders.',
  tags,
  security: PARTNER_SECURITY,
  querystring: GetOrdersQuery,
  response: { 200: envelopeOf(OrderList) },
};

export const ordersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/get_orders', { schema: listSchema, config: { auth: 'partner', scope: 'read_orders' } }, async (request) => ok(request, await listOrders(app, request.auth.shopId, request.query)));

  app.post(
    '/push_orders',
    {
      schema: {
        summary: 'Push orders and fulfilments (Plaudit extension)',
        description:
          'Not part of the Trustoo API: lets stores that are not on Shopify report orders. Idempotent by order_id: sending an ' +
          'order again updates it. Setting fulfilled_at schedules its review request (once); setting cancelled_at (cancelled or ' +
          'refunded) cancels a pending one. All orders are checked before any is written. Scope write_orders.',
        tags,
        security: PARTNER_SECURITY,
        body: PushOrdersBody,
        response: { 200: envelopeOf(PushOrdersResult) },
      },
      config: { auth: 'partner', scope: 'write_orders' },
    },
    async (request) => ok(request, await pushOrders(app, request.auth.shopId, request.body)),
  );
};

/** `GET /api/v1/open_api/orders` (spec endpoints.md §J), still HMAC-signed. */
export const ordersLegacyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/orders', { schema: { ...listSchema, summary: 'List orders (legacy path)', deprecated: true }, config: { auth: 'partner', scope: 'read_orders' } }, async (request) =>
    ok(request, await listOrders(app, request.auth.shopId, request.query)),
  );
};
