import { Type, type Static } from '@sinclair/typebox';

/** The webhook keys of the environment (documented in .env.example). */
export const WebhookEnv = {
  WEBHOOK_ALLOW_PRIVATE: Type.Optional(Type.Union([Type.Literal('0'), Type.Literal('1')], { description: '1 = allow loopback/private targets' })),
  WEBHOOK_ALLOW_HTTP: Type.Optional(Type.Union([Type.Literal('0'), Type.Literal('1')], { description: '1 = allow plain http URLs' })),
  WEBHOOK_ACCEPT_PLAIN_2XX: Type.Optional(Type.Union([Type.Literal('0'), Type.Literal('1')], { description: '1 = any 2xx is success' })),
  WEBHOOK_TIMEOUT_MS: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{2,5}$', description: 'per-attempt timeout, 100-999999 ms' })),
  WEBHOOK_DISABLE_AFTER_HOURS: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,4}$', description: 'hours of failure before disabling' })),
  WEBHOOK_CONCURRENCY: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,3}$', description: 'parallel requests per worker' })),
};
type WebhookEnvValues = { [K in keyof typeof WebhookEnv]?: Static<(typeof WebhookEnv)[K]> };

export interface WebhookConfig {
  /** Deliver to loopback, private, link-local and metadata addresses (tests, trusted networks). */
  allowPrivate: boolean;
  /** Accept `http://` subscription URLs (default: https only). */
  allowHttp: boolean;
  /** Any 2xx is success for every subscription (default: HTTP 200 with `{"code":0}`). */
  acceptPlain2xx: boolean;
  timeoutMs: number;
  /** A subscription failing without a single success for this long is disabled. */
  disableAfterMs: number;
  /** Requests one worker keeps in flight. */
  concurrency: number;
}

export function webhookConfigFrom(env: WebhookEnvValues): WebhookConfig {
  return {
    allowPrivate: env.WEBHOOK_ALLOW_PRIVATE === '1',
    allowHttp: env.WEBHOOK_ALLOW_HTTP === '1',
    acceptPlain2xx: env.WEBHOOK_ACCEPT_PLAIN_2XX === '1',
    timeoutMs: env.WEBHOOK_TIMEOUT_MS === undefined ? 10_000 : Number(env.WEBHOOK_TIMEOUT_MS),
    disableAfterMs: (env.WEBHOOK_DISABLE_AFTER_HOURS === undefined ? 120 : Number(env.WEBHOOK_DISABLE_AFTER_HOURS)) * 3_600_000,
    concurrency: env.WEBHOOK_CONCURRENCY === undefined ? 64 : Number(env.WEBHOOK_CONCURRENCY),
  };
}
