import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';

/** A real HTTP receiver on 127.0.0.1 that records every request (tests' webhook peer). */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  /** Real milliseconds to wait before answering (slow receivers). */
  delayMs?: number;
}

export const ACK = JSON.stringify({ code: 0, message: 'success' });

export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  /** Requests received and not answered yet. */
  inFlight = 0;
  /** Decides each answer; default: HTTP 200 with the spec's acknowledgement. */
  reply: (request: ReceivedRequest) => Reply = () => ({ status: 200, body: ACK });
  private server: Server;
  private port = 0;

  constructor() {
    this.server = this.makeServer();
  }

  private makeServer(): Server {
    return createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        this.requests.push(received);
        this.inFlight++;
        const answer = this.reply(received);
        const send = () => {
          this.inFlight--;
          if (res.destroyed) return;
          res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
          res.end(answer.body ?? '');
        };
        if (answer.delayMs) setTimeout(send, answer.delayMs);
        else send();
      });
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Stops listening (connections are refused) until `start()` listens again on the same port. */
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server = this.makeServer();
  }

  bodies<T = { list: Record<string, unknown>[] }>(): T[] {
    return this.requests.map((r) => JSON.parse(r.body) as T);
  }
}

export async function startReceiver(t: TestContext): Promise<WebhookReceiver> {
  const receiver = await new WebhookReceiver().start();
  t.after(() => receiver.stop());
  return receiver;
}
