import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Server timeouts. A client must finish its headers within 15 s and its whole request (bodies
 * include video uploads) within 2 minutes; Node checks every 5 s. Keep-alive connections idle
 * for 72 s are closed: longer than the usual load balancer's 60 s, so the balancer closes first.
 */
export const SERVER_TIMEOUTS = {
  headersTimeoutMs: 15_000,
  requestTimeoutMs: 120_000,
  keepAliveTimeoutMs: 72_000,
  connectionsCheckingIntervalMs: 5_000,
} as const;

/**
 * Knows which connections are serving a request. On shutdown, idle connections and connections
 * stalled before their headers end are closed at once; the others right after their response.
 */
export function trackConnections(server: Server) {
  const inFlight = new Map<Socket, number>();
  let closing = false;
  server.on('connection', (socket: Socket) => {
    inFlight.set(socket, 0);
    socket.once('close', () => inFlight.delete(socket));
  });
  server.on('request', (request, response) => {
    const socket = request.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    response.once('close', () => {
      const left = Math.max(0, (inFlight.get(socket) ?? 1) - 1);
      inFlight.set(socket, left);
      // Flushes what is written, then closes: the answer reaches the client.
      if (closing && left === 0) socket.destroySoon();
    });
  });
  return {
    closeIdleAndStalled(): void {
      closing = true;
      for (const [socket, count] of inFlight) if (count === 0) socket.destroy();
    },
  };
}
