import { Type, type Static } from '@sinclair/typebox';
import { IdInput } from '../http/schemas.ts';

const ClientId = Type.String({ maxLength: 200, description: "the platform's client_id, e.g. trustwill" });
const ClientSecret = Type.String({ maxLength: 200, description: "the platform's client_secret" });
const ShopSelector = {
  shop_id: Type.Optional(IdInput("the shop's id (this or myshopify_domain)")),
  myshopify_domain: Type.Optional(Type.String({ maxLength: 255, description: "the shop's domain, e.g. example.myshopify.com" })),
};

export const AuthorizeUrlQuery = Type.Object({
  client_id: Type.Optional(ClientId),
  redirect_uri: Type.Optional(Type.String({ maxLength: 2000, description: "one of the client's registered redirect URIs, exactly" })),
  state: Type.Optional(Type.String({ maxLength: 2000, description: 'opaque value echoed back unchanged (at most 512 characters)' })),
  scope: Type.Optional(Type.String({ maxLength: 1000, description: 'scopes, comma- or space-separated, e.g. read_reviews' })),
  code_challenge: Type.Optional(Type.String({ maxLength: 200, description: 'PKCE S256 challenge (optional)' })),
  code_challenge_method: Type.Optional(Type.String({ maxLength: 20, description: 'S256 when code_challenge is sent' })),
  response_type: Type.Optional(Type.String({ maxLength: 20, description: 'only "code"; default code' })),
  ...ShopSelector,
});
export type AuthorizeUrlQuery = Static<typeof AuthorizeUrlQuery>;

export const AuthorizeUrl = Type.Object({
  authorize_url: Type.String({ description: 'the merchant sign-in and consent page to send the merchant to' }),
});

export const AuthorizeResult = Type.Object({
  code: Type.String({ description: 'authorization code: single use, valid for 10 minutes' }),
  redirect_url: Type.String({ description: 'the full callback URL (redirect_uri with code and state)' }),
  state: Type.String({ description: 'the state sent with the request' }),
});

export const TokenBody = Type.Object({
  grant_type: Type.Optional(Type.String({ maxLength: 50, description: 'authorization_code, refresh_token or client_credentials' })),
  client_id: Type.Optional(ClientId),
  client_secret: Type.Optional(ClientSecret),
  code: Type.Optional(Type.String({ maxLength: 200, description: 'for authorization_code' })),
  redirect_uri: Type.Optional(Type.String({ maxLength: 2000, description: 'for authorization_code: the one used at authorization' })),
  code_verifier: Type.Optional(Type.String({ maxLength: 200, description: 'PKCE verifier, when a code_challenge was sent' })),
  refresh_token: Type.Optional(Type.String({ maxLength: 200, description: 'for refresh_token' })),
  scope: Type.Optional(Type.String({ maxLength: 1000, description: 'narrows the scopes on refresh_token and client_credentials' })),
  ...ShopSelector,
});

export const TokenResult = Type.Object({
  access_token: Type.String({ description: 'opaque bearer token' }),
  token_type: Type.String({ description: 'Bearer' }),
  expires_in: Type.Integer({ description: 'seconds until the access token expires (86400)' }),
  refresh_token: Type.Optional(Type.String({ description: 'rotated on every refresh; absent for client_credentials' })),
  refresh_token_expires_in: Type.Optional(Type.Integer({ description: 'seconds until the refresh token expires (30 days)' })),
  scope: Type.String({ description: 'granted scopes, comma-separated and sorted' }),
  shop_id: Type.String({ description: 'the shop the token acts for' }),
  myshopify_domain: Type.String({ description: "the shop's domain" }),
});

export const RevokeBody = Type.Object({
  client_id: Type.Optional(ClientId),
  client_secret: Type.Optional(ClientSecret),
  token: Type.Optional(Type.String({ maxLength: 200, description: 'an access or refresh token of this client' })),
});

export const ShopQuery = Type.Object({ client_id: Type.Optional(ClientId), client_secret: Type.Optional(ClientSecret), ...ShopSelector });
export type ShopQuery = Static<typeof ShopQuery>;

export const AuthorizationInfo = Type.Object({
  is_authorized: Type.Boolean({ description: "true while the shop's authorization is active" }),
  authorized_at: Type.String({ description: 'RFC 3339 time of the last authorization; "" when none' }),
  granted_scopes: Type.String({ description: 'comma-separated scopes; "" when none' }),
  shop_id: Type.String({ description: 'the shop id' }),
  myshopify_domain: Type.String({ description: 'the shop domain' }),
});

export const InstallStatus = Type.Object({
  is_installed: Type.Integer({ description: '1 when the shop ever authorised this platform, else 0' }),
  installed_at: Type.String({ description: 'RFC 3339 time of the first authorization; "" when 0' }),
  shop_id: Type.String({ description: 'the shop id' }),
  myshopify_domain: Type.String({ description: 'the shop domain' }),
});

export const Empty = Type.Object({}, { description: 'empty' });
