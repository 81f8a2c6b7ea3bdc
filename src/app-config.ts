import { Type } from '@sinclair/typebox';
import { EnvSchema, loadCoreConfig, type CoreConfig } from './config.ts';
import { MediaEnv, mediaConfigFrom, type MediaConfig } from './media/media.config.ts';
import { WebhookEnv, webhookConfigFrom, type WebhookConfig } from './webhooks/webhooks.config.ts';

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

const SECTION_ENV = { ...MediaEnv, ...WebhookEnv };

/** Every environment key the configuration reads (core and sections), as one schema. */
export const ConfigSchema = Type.Object({ ...EnvSchema.properties, ...SECTION_ENV });

/** Reads the environment, reporting every bad key (core or section) at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const { core, raw } = loadCoreConfig(env, SECTION_ENV);
  return Object.freeze({
    ...core,
    media: mediaConfigFrom(raw, core.publicUrl),
    webhooks: webhookConfigFrom(raw),
  });
}
