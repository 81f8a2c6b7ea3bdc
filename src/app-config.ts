import { Type } from '@sinclair/typebox';
import { CORE_SECTIONS, loadCoreConfig, type CoreConfig } from './config.ts';
import { MediaEnv, mediaConfigFrom, type MediaConfig, type MediaEnvValues } from './media/media.config.ts';
import { WebhookEnv, webhookConfigFrom, type WebhookConfig, type WebhookEnvValues } from './webhooks/webhooks.config.ts';

export { ConfigError, withSecretKey } from './config.ts';

/**
 * The whole configuration: the core keys (src/config.ts) and each feature's section, which
 * the feature exports as its environment keys and a parser (media.config.ts,
 * webhooks.config.ts). This module sits above the features, so config.ts never imports one.
 */
export type Config = CoreConfig &
  Readonly<{
    media: MediaConfig;
    webhooks: WebhookConfig;
  }>;

/** Every key in sections, in the order .env.example and the README list them. */
export const CONFIG_SECTIONS = [
  { title: '', keys: CORE_SECTIONS.server },
  { title: 'Media (review photos and videos; docs/media.md)', keys: MediaEnv },
  { title: 'Review-request emails', keys: CORE_SECTIONS.email },
  { title: 'Webhooks', keys: WebhookEnv },
] as const;

const SECTION_ENV = { ...MediaEnv, ...WebhookEnv };

/** Every environment key the configuration reads (core and sections), as one schema. */
export const EnvSchema = Type.Object({ ...CORE_SECTIONS.server, ...MediaEnv, ...CORE_SECTIONS.email, ...WebhookEnv });

/** Reads the environment, reporting every bad key (core or section) at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const { core, values } = loadCoreConfig(env, SECTION_ENV);
  return Object.freeze({
    ...core,
    media: mediaConfigFrom(values as MediaEnvValues, core.publicUrl),
    webhooks: webhookConfigFrom(values as WebhookEnvValues),
  });
}
