import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import type { SendMailOptions, Transporter } from 'nodemailer';
import { lazyRequire } from '../lib/lazy.ts';

const nodemailer = lazyRequire<typeof import('nodemailer')>('nodemailer');
import type { CoreConfig } from '../config.ts';

const SMTP_CONNECTIONS = 10;

type SocketCallback = (error: Error | null, socket?: { connection: Socket }) => void;
const noDelaySocket = (host: string, port: number) => (_options: unknown, callback: SocketCallback) => {
  const socket = connect({ host, port });
  socket.setNoDelay(true);
  const failed = (error: Error) => callback(error);
  socket.once('error', failed);
  socket.once('connect', () => {
    socket.off('error', failed);
    callback(null, { connection: socket });
  });
};

export interface Mailer {
  send(message: SendMailOptions): Promise<void>;
  close(): void;
}

/**
 * SMTP (pooled) when SMTP_URL is set; otherwise every message is written as an .eml file
 * under DATA_DIR/outbox, so the embedded default sends nothing and needs nothing.
 */
export function createMailer(config: Pick<CoreConfig, 'smtpUrl' | 'dataDir'>): Mailer {
  let transport: Transporter | undefined;
  const outbox = join(config.dataDir, 'outbox');
  const get = (): Transporter => {
    if (transport) return transport;
    if (config.smtpUrl) {
      const url = new URL(config.smtpUrl);
      const port = Number(url.port || (url.protocol === 'smtps:' ? 465 : 587));
      transport = nodemailer().createTransport({
        pool: true,
        maxConnections: SMTP_CONNECTIONS,
        maxMessages: Infinity,
        // Well inside the worker's 5-minute lease, so a stuck server cannot outlive it.
        socketTimeout: 60_000,
        host: url.hostname,
        port,
        secure: url.protocol === 'smtps:',
        // SMTP is a chatty request/response protocol: with Nagle's algorithm on, each message waits
        // on delayed ACKs (about 3x slower measured against a local server), so plain connections disable it.
        ...(url.protocol === 'smtp:' ? { getSocket: noDelaySocket(url.hostname, port) } : {}),
        ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
        // A local relay without TLS is common; STARTTLS is still used when offered.
        tls: { rejectUnauthorized: url.searchParams.get('tls_reject_unauthorized') !== '0' },
      });
    } else {
      mkdirSync(outbox, { recursive: true });
      transport = nodemailer().createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
    }
    return transport;
  };
  return {
    async send(message) {
      const info = (await get().sendMail(message)) as { message?: Buffer };
      if (!config.smtpUrl && info.message) {
        writeFileSync(join(outbox, `${Date.now()}-${randomBytes(6).toString('hex')}.eml`), info.message);
      }
    },
    close() {
      transport?.close();
      transport = undefined;
    },
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Sends review-request emails (from the services, src/services.ts, closed with them). */
    mailer: Mailer;
  }
}

declare module '../cli/command.ts' {
  interface CliContext {
    mailer: Mailer;
  }
}
