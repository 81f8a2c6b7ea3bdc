import type { MediaConfig } from './media.config.ts';
import type { MediaStorage } from './media.storage-interface.ts';

// What CLI commands that read or write media get in their context (src/cli.ts provides both).
declare module '../cli/command.ts' {
  interface CliContext {
    mediaStorage: MediaStorage;
    /** The media section of the configuration (MEDIA_*, S3_*). */
    media: MediaConfig;
  }
}
