// A receiver that answers every delivery at once with the spec's acknowledgement; prints its port.
// Run by bench/webhooks.ts in its own process so it does not share the worker's event loop.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let received = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    received++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"code":0,"message":"success"}');
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => {
  process.stderr.write(`receiver: ${received} requests\n`);
  process.exit(0);
});
