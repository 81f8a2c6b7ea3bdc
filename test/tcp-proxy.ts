import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A real TCP proxy in front of a peer (PostgreSQL in the outage test) that can be cut — every
 * connection reset and new ones refused, as when the server restarts — and restored on the
 * same port, or made to black-hole new connections (accepted, never answered).
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly answers = new Set<{ client: Socket; upstream: Socket }>();
  private blackHole = false;
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      this.track(client);
      if (this.blackHole) return;
      const upstream = connect(this.target.port, this.target.host);
      this.track(upstream);
      client.pipe(upstream).pipe(client);
      const answer = { client, upstream };
      this.answers.add(answer);
      upstream.on('close', () => this.answers.delete(answer));
      const closeBoth = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', closeBoth).on('close', closeBoth);
      upstream.on('error', closeBoth).on('close', closeBoth);
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(this.port, '127.0.0.1', () => resolve()));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** The peer goes away: open connections are reset and new ones refused until `start()`. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.resetAndDestroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Open connections stay open but their answers stop coming (a peer that hangs mid-conversation). */
  stallOpenConnections(): void {
    for (const { client, upstream } of this.answers) {
      upstream.unpipe(client);
      upstream.pause();
    }
  }

  /** New connections are accepted but never answered (a peer that hangs). */
  setBlackHole(on: boolean): void {
    this.blackHole = on;
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }
}
