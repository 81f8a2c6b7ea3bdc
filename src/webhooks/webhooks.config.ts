import { Type, type Static, type TObject } from '@sinclair/typebox';

/** The webhook keys of the environment, merged into the config schema (src/config.ts; see MediaEnv). */
export const WebhookEnv = {
  WEBHOOK_ALLOW_PRIVATE: Type.Boolean({
    default: false,
    title: 'deliver to loopback, private and link-local addresses',
    description:
      '1 = deliver to loopback, private (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7), link-local and cloud metadata addresses. 0: such targets are refused after DNS resolution. Only for tests and trusted networks.',
  }),
  WEBHOOK_ALLOW_HTTP: Type.Boolean({ default: false, title: 'accept http:// subscription URLs', description: '1 = accept http:// subscription URLs. 0: https only.' }),
  WEBHOOK_ACCEPT_PLAIN_2XX: Type.Boolean({
    default: false,
    title: 'any HTTP 2xx answer counts as delivered',
    description:
      '1 = any HTTP 2xx answer counts as delivered. 0: HTTP 200 with the JSON body {"code":0} (the spec\'s acknowledgement). Per subscription: plaudit webhooks enable ID --accept-plain-2xx.',
  }),
  WEBHOOK_TIMEOUT_MS: Type.Integer({
    minimum: 100,
    maximum: 999_999,
    default: 10_000,
    unit: 'ms',
    title: 'per-attempt timeout',
    description: 'Per-attempt timeout (connect at most 5000 of it). A claimed batch is leased for 3x this.',
  }),
  WEBHOOK_DISABLE_AFTER_HOURS: Type.Integer({
    minimum: 1,
    maximum: 99_999,
    default: 120,
    unit: 'hours',
    title: 'failing time before a subscription is disabled',
    description: 'A subscription whose deliveries fail for this long without a single success is disabled (reason recorded).',
  }),
  WEBHOOK_CONCURRENCY: Type.Integer({
    minimum: 1,
    maximum: 9_999,
    default: 64,
    unit: 'requests',
    title: 'requests one worker process keeps in flight',
    description: 'Requests one worker process keeps in flight.',
  }),
};
export type WebhookEnvValues = Static<TObject<typeof WebhookEnv>>;

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
    allowPrivate: env.WEBHOOK_ALLOW_PRIVATE,
    allowHttp: env.WEBHOOK_ALLOW_HTTP,
    acceptPlain2xx: env.WEBHOOK_ACCEPT_PLAIN_2XX,
    timeoutMs: env.WEBHOOK_TIMEOUT_MS,
    disableAfterMs: env.WEBHOOK_DISABLE_AFTER_HOURS * 3_600_000,
    concurrency: env.WEBHOOK_CONCURRENCY,
  };
}
