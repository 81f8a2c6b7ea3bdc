import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { EMAIL_LANGUAGES } from '../emails/i18n/index.ts';
import { previewEmail } from '../emails/preview.service.ts';
import { checkTexts, EMAIL_TEXT_TYPES, emailLanguage, emailTextType, listShopTexts, PLACEHOLDERS, setShopTexts, shopTexts } from '../emails/texts.service.ts';
import { adminOf } from './admin.auth.ts';
import { ADMIN_SECURITY as security, ADMIN_TAGS as tags, PROBLEMS, ShopIdParams } from './admin.schemas.ts';
import { appendLedger } from './ledger.service.ts';

const TextParts = {
  subject: Type.String({ maxLength: 200, description: 'subject line; "" = the built-in one' }),
  heading: Type.String({ maxLength: 200, description: 'heading above the text; "" = the built-in one' }),
  body: Type.String({ maxLength: 2000, description: 'the text (blank lines or line breaks start paragraphs); "" = the built-in greeting and text' }),
  button: Type.String({ maxLength: 60, description: 'label of each product\'s button; "" = the built-in one' }),
};
const Texts = Type.Object(TextParts, { additionalProperties: false, description: `plain text (no HTML) with the placeholders ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}` });
const Entry = Type.Object({
  email_type: Type.String({ description: EMAIL_TEXT_TYPES.join(' or ') }),
  locale: Type.String({ description: 'language code' }),
  ...TextParts,
});
const TextsList = Type.Object({
  items: Type.Array(Entry, { description: 'the wordings the shop changed' }),
  email_types: Type.Array(Type.String(), { description: 'email types whose wording can change' }),
  languages: Type.Array(Type.String(), { description: `supported languages (${EMAIL_LANGUAGES.join(', ')})` }),
  placeholders: Type.Array(Type.String(), { description: 'placeholders the texts may use' }),
});
const TextParams = Type.Object({
  ...ShopIdParams.properties,
  email_type: Type.String({ maxLength: 20, description: EMAIL_TEXT_TYPES.join(' or ') }),
  locale: Type.String({ maxLength: 35, description: `language: ${EMAIL_LANGUAGES.join(', ')}` }),
});
const Preview = Type.Object({
  subject: Type.String({ description: 'the subject line as sent' }),
  html: Type.String({ description: 'the HTML part (show it in a sandboxed frame)' }),
  text: Type.String({ description: 'the plain-text part' }),
});

/** The shop's own wording of its emails, per email type and language, and a preview of the result. */
export const emailTextsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const shopOf = (request: FastifyRequest) => adminOf(request).shopId;
  const target = (params: { email_type: string; locale: string }) => ({ type: emailTextType(params.email_type), language: emailLanguage(params.locale) });

  app.get(
    '/shops/:shop_id/settings/email-texts',
    {
      schema: {
        summary: 'Email wordings',
        description: 'The wordings the shop changed, with the email types, languages and placeholders it may use.',
        tags,
        security,
        params: ShopIdParams,
        response: { 200: TextsList, ...PROBLEMS },
      },
      config: { adminRole: 'viewer' },
    },
    async (request) => ({
      items: await listShopTexts(app.db, shopOf(request)),
      email_types: [...EMAIL_TEXT_TYPES],
      languages: [...EMAIL_LANGUAGES],
      placeholders: PLACEHOLDERS.map((p) => `{${p}}`),
    }),
  );

  app.get(
    '/shops/:shop_id/settings/email-texts/:email_type/:locale',
    {
      schema: {
        summary: 'One email wording',
        description: 'The shop\'s wording of one email type in one language ("" parts use the built-in text).',
        tags,
        security,
        params: TextParams,
        response: { 200: Entry, ...PROBLEMS },
      },
      config: { adminRole: 'viewer' },
    },
    async (request) => {
      const { type, language } = target(request.params);
      return { email_type: type, locale: language, ...(await shopTexts(app.db, shopOf(request), type, language)) };
    },
  );

  app.put(
    '/shops/:shop_id/settings/email-texts/:email_type/:locale',
    {
      schema: {
        summary: 'Change an email wording',
        description:
          'Replaces the wording of one email type in one language; all parts "" returns to the built-in texts. Plain text only: HTML tags, unknown placeholders and line breaks outside the body are refused.',
        tags,
        security,
        params: TextParams,
        body: Texts,
        response: { 200: Entry, ...PROBLEMS },
      },
      config: { adminRole: 'owner' },
    },
    async (request) => {
      const { type, language } = target(request.params);
      const admin = adminOf(request);
      return app.db.transaction().execute(async (trx) => {
        const before = await shopTexts(trx, admin.shopId, type, language);
        const after = await setShopTexts({ db: trx, clock: app.clock }, admin.shopId, type, language, request.body);
        await appendLedger(trx, app.clock, {
          shopId: admin.shopId,
          actor: { merchantId: admin.merchantId, email: admin.email },
          action: 'settings.email_texts',
          subject: `email_texts:${type}:${language}`,
          before,
          after,
        });
        return { email_type: type, locale: language, ...after };
      });
    },
  );

  app.post(
    '/shops/:shop_id/settings/email-texts/:email_type/:locale/preview',
    {
      schema: {
        summary: 'Preview an email',
        description: "The email as a shopper would get it (the shop's products, a sample order), with the given wording (saved or not; nothing is stored). Its links lead nowhere.",
        tags,
        security,
        params: TextParams,
        body: Texts,
        response: { 200: Preview, ...PROBLEMS },
      },
      config: { adminRole: 'viewer' },
    },
    async (request) => {
      const { type, language } = target(request.params);
      return previewEmail({ db: app.db, publicUrl: app.config.publicUrl }, shopOf(request), { type, language, draft: checkTexts(request.body) });
    },
  );
};
