import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { envelopeOf, ok } from '../http/envelope.ts';
import { PARTNER_SECURITY } from '../http/openapi.ts';
import { CustomerEventList, CustomerExclusion, CustomerExclusionList, EmailUnsubscribeBody, ExclusionTarget, GetCustomerEventsQuery, GetExclusionsQuery } from './customers.schemas.ts';
import { listCustomerEvents } from './customer-events.service.ts';
import { createExclusion, deleteExclusion, listExclusions, unsubscribeEmail } from './suppression.service.ts';

const tags = ['Customers'];
const Empty = Type.Object({}, { description: 'empty' });

const eventsSchema = {
  summary: 'List customer events',
  description:
    'Pages through shopper interactions: storefront widget events and review-request email events (SEND_EMAIL, OPEN_EMAIL, ' +
    'CLICK_EMAIL, SUBMIT_REVIEW with event_source EMAIL). Filters take any upper-case token; "" means no filter. Scope read_customer_events.',
  tags,
  security: PARTNER_SECURITY,
  querystring: GetCustomerEventsQuery,
  response: { 200: envelopeOf(CustomerEventList) },
};
const unsubscribeSchema = {
  summary: 'Unsubscribe an email address',
  description: 'Stops emails of this type (or every type, with all) to the address in this shop. Idempotent. Scope write_customers.',
  tags,
  security: PARTNER_SECURITY,
  body: EmailUnsubscribeBody,
  response: { 200: envelopeOf(Empty) },
};

export const customersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/get_customer_events', { schema: eventsSchema, config: { auth: 'partner', scope: 'read_customer_events' } }, async (request) =>
    ok(request, await listCustomerEvents(app, request.auth.shopId, request.query)),
  );

  app.post('/email_unsubscribe', { schema: unsubscribeSchema, config: { auth: 'partner', scope: 'write_customers' } }, async (request) => {
    await unsubscribeEmail(app, request.auth.shopId, request.body);
    return ok(request, {});
  });

  app.post(
    '/create_customer_exclude',
    {
      schema: {
        summary: 'Exclude a customer from review requests',
        description: 'Give email or customer_id (not both). Names and phone are filled from the latest known order. Already excluded: code 6. Scope write_customers.',
        tags,
        security: PARTNER_SECURITY,
        body: ExclusionTarget,
        response: { 200: envelopeOf(CustomerExclusion) },
      },
      config: { auth: 'partner', scope: 'write_customers' },
    },
    async (request) => ok(request, await createExclusion(app, request.auth.shopId, request.body)),
  );

  app.post(
    '/delete_customer_exclude',
    {
      schema: {
        summary: 'Remove a customer exclusion',
        description: 'Give email or customer_id (not both). Not on the list: code 5. Scope write_customers.',
        tags,
        security: PARTNER_SECURITY,
        body: ExclusionTarget,
        response: { 200: envelopeOf(Empty) },
      },
      config: { auth: 'partner', scope: 'write_customers' },
    },
    async (request) => {
      await deleteExclusion(app, request.auth.shopId, request.body);
      return ok(request, {});
    },
  );

  for (const path of ['/get_customer_exclude_list', '/get_customer_excludes']) {
    app.get(
      path,
      {
        schema: {
          summary: path === '/get_customer_excludes' ? 'List customer exclusions (alias)' : 'List customer exclusions',
          description: 'Pages through the exclusion list, newest first by default. Scope read_customers.',
          tags,
          security: PARTNER_SECURITY,
          querystring: GetExclusionsQuery,
          response: { 200: envelopeOf(CustomerExclusionList) },
        },
        config: { auth: 'partner', scope: 'read_customers' },
      },
      async (request) => ok(request, await listExclusions(app, request.auth.shopId, request.query)),
    );
  }
};

/** The oldest paths (spec endpoints.md §J), still HMAC-signed; mounted under /api/v1/open_api. */
export const customersLegacyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const legacy = (summary: string) => ({ summary: `${summary} (legacy path)`, deprecated: true });
  app.get('/customer_events', { schema: { ...eventsSchema, ...legacy(eventsSchema.summary) }, config: { auth: 'partner', scope: 'read_customer_events' } }, async (request) =>
    ok(request, await listCustomerEvents(app, request.auth.shopId, request.query)),
  );
  app.post('/email_unsubscribe', { schema: { ...unsubscribeSchema, ...legacy(unsubscribeSchema.summary) }, config: { auth: 'partner', scope: 'write_customers' } }, async (request) => {
    await unsubscribeEmail(app, request.auth.shopId, request.body);
    return ok(request, {});
  });
};
