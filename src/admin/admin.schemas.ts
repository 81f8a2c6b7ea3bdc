import { Type, type TObject, type TProperties } from '@sinclair/typebox';
import { ProblemSchema } from './admin.problems.ts';

export const ADMIN_TAGS = ['admin'];
export const ADMIN_SECURITY = [{ AdminSession: [] }];

/** Request bodies refuse unknown properties, so a typo is a 400 naming it rather than silently ignored. */
export const Body = <T extends TProperties>(properties: T, description?: string): TObject<T> => Type.Object(properties, { additionalProperties: false, ...(description ? { description } : {}) });

/** Every admin route's error answers. */
export const PROBLEMS = { '4xx': ProblemSchema, '5xx': ProblemSchema };

export const RoleSchema = Type.Union([Type.Literal('owner'), Type.Literal('moderator'), Type.Literal('viewer')], { description: 'owner, moderator or viewer' });
export const IdText = (description: string) => Type.String({ description });
export const DescribedString = (description: string) => Type.String({ description });
/** An entity id in a path: a decimal string that fits a 64-bit integer column. */
export const IdParam = (description: string) => Type.String({ pattern: '^[1-9][0-9]{0,15}$', description });
export const Time = (description: string) => Type.String({ description: `${description} (RFC 3339 UTC)` });

export const ShopIdParams = Type.Object({ shop_id: Type.String({ description: 'the shop id (decimal string)' }) });

export const AccountSchema = Type.Object({
  id: IdText('account id'),
  email: Type.String({ description: 'sign-in email' }),
  totp_enabled: Type.Boolean({ description: 'two-factor sign-in is on' }),
  created_at: Time('account creation'),
});

export const MembershipSchema = Type.Object({
  shop_id: IdText('shop id'),
  domain: Type.String({ description: 'shop domain' }),
  name: Type.String({ description: 'shop name' }),
  role: RoleSchema,
});

export const SessionInfoSchema = Type.Object({
  id: IdText('session id'),
  created_at: Time('sign-in time'),
  last_seen_at: Time('last request'),
  idle_expires_at: Time('ends here without further requests'),
  expires_at: Time('absolute end'),
  ip: Type.String({ description: 'client address at sign-in' }),
  user_agent: Type.String({ description: 'browser at sign-in' }),
  current: Type.Boolean({ description: 'the session of this request' }),
});

export const SignedInSchema = Type.Object({
  account: AccountSchema,
  memberships: Type.Array(MembershipSchema, { description: 'the shops of this account with its role in each' }),
  csrf_token: Type.String({ description: 'send as X-CSRF-Token on every POST, PUT, PATCH and DELETE' }),
  session: SessionInfoSchema,
});

export const ShopCredentialsSchema = Type.Object({
  id: IdText('shop id'),
  domain: Type.String({ description: 'shop domain' }),
  name: Type.String({ description: 'shop name' }),
  public_token: Type.String({ description: 'the shop public token' }),
  private_token: Type.String({ description: 'the private token (HMAC key): shown only in this response' }),
});

export const Empty = Type.Null({ description: 'no content' });
