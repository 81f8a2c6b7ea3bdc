import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { buildTestApp } from '../../test/helpers.ts';
import { ORDER_STATUS } from '../orders/orders.table.ts';
import { DAY } from './emails.testkit.ts';

type Mode = 'accept' | 'refuse-5xx' | 'refuse-4xx';

/** A real SMTP server on a fixed port that can be stopped and started again, accepting or refusing mail. */
function smtpPeer() {
  let mode: Mode = 'accept';
  let server: SMTPServer | null = null;
  let port = 0;
  const received: string[] = [];
  const start = async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onMailFrom(_address, _session, callback) {
        if (mode === 'refuse-5xx') return callback(Object.assign(new Error('5.7.1 relaying denied'), { responseCode: 554 }));
        if (mode === 'refuse-4xx') return callback(Object.assign(new Error('4.3.2 try again later'), { responseCode: 421 }));
        callback();
      },
      onRcptTo(address, _session, callback) {
        received.push(address.address);
        callback();
      },
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => callback());
      },
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  };
  const stop = () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  return { start, stop, received, setMode: (m: Mode) => void (mode = m), url: () => `smtp://127.0.0.1:${port}` };
}

test('SMTP down, then refusing with 5xx and 4xx: review requests stay queued, nothing is marked Sent, and all are sent once it returns', async (t) => {
  const peer = smtpPeer();
  await peer.start();
  t.after(() => peer.stop());
  const { shopA, clock, worker, database, app } = await buildTestApp(t, { env: { SMTP_URL: peer.url(), PUBLIC_URL: 'https://reviews.example.com' } });
  t.after(() => app.mailer.close());
  const orders = [1, 2, 3].map((n) => ({
    order_id: n,
    customer: { id: 900 + n, email: `buyer${n}@example.com` },
    line_items: [{ product_id: 10, title: 'Mug' }],
    fulfilled_at: '2026-06-01 12:00:00',
  }));
  assert.equal((await shopA.client.call('POST', 'push_orders', { body: { orders } })).code, 0);
  const jobs = () => database.db.selectFrom('email_jobs').select(['state', 'attempts', 'sent_at', 'last_error']).orderBy('id').execute();
  const statuses = async () => (await database.db.selectFrom('orders').select('status').orderBy('id').execute()).map((o) => o.status);
  const nothingSent = async (why: string) => {
    for (const job of await jobs()) assert.deepEqual([job.state, job.sent_at], ['pending', null], why);
    assert.deepEqual(await statuses(), [ORDER_STATUS.scheduled, ORDER_STATUS.scheduled, ORDER_STATUS.scheduled], why);
  };

  await peer.stop();
  clock.advance(7 * DAY);
  await worker.runOnce();
  await nothingSent('server down');
  assert.ok(
    (await jobs()).every((j) => j.attempts === 1 && /ECONNREFUSED|connect|Connection/i.test(j.last_error ?? '')),
    JSON.stringify(await jobs()),
  );

  await peer.start();
  peer.setMode('refuse-5xx');
  clock.advance(60_000);
  await worker.runOnce();
  await nothingSent('5xx refusal');
  assert.ok(
    (await jobs()).every((j) => j.attempts === 2 && /554|relaying denied/.test(j.last_error ?? '')),
    JSON.stringify(await jobs()),
  );

  peer.setMode('refuse-4xx');
  clock.advance(4 * 60_000);
  await worker.runOnce();
  await nothingSent('4xx refusal');
  assert.equal(peer.received.length, 0, 'no recipient was ever accepted');

  peer.setMode('accept');
  clock.advance(16 * 60_000);
  await worker.runOnce();
  assert.deepEqual(
    (await jobs()).map((j) => j.state),
    ['sent', 'sent', 'sent'],
  );
  assert.deepEqual(await statuses(), [ORDER_STATUS.sent, ORDER_STATUS.sent, ORDER_STATUS.sent]);
  assert.deepEqual(peer.received.sort(), ['buyer1@example.com', 'buyer2@example.com', 'buyer3@example.com'], 'each sent exactly once');
  clock.advance(DAY);
  await worker.runOnce();
  assert.equal(peer.received.length, 3, 'nothing sent twice');
});
