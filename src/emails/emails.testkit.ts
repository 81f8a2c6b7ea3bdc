import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { FastifyInstance } from 'fastify';
import type { DomainEvent, EventSink } from '../events/events.ts';
import { WEBHOOK_TOPIC_OF } from '../webhooks/webhooks.events.ts';
import type { WebhookTopic } from '../webhooks/webhooks.schemas.ts';
import { buildTestApp, type TestApp } from '../../test/helpers.ts';
import { freePort } from '../../test/media-fixtures.ts';

/** A real SMTP server on 127.0.0.1 (port 0) that keeps every message it accepts, parsed. */
export async function startSmtpServer(options: { reject?: () => boolean } = {}) {
  const messages: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (options.reject?.()) return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 450 }));
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          messages.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { url: `smtp://127.0.0.1:${port}`, messages, close };
}

/** An emitted event under the webhook topic its subscribers would receive it as. */
export type RecordedEvent = Omit<DomainEvent, 'type'> & { topic: WebhookTopic };

/** A sink that keeps every emitted event (what the webhooks feature will receive), by webhook topic. */
export function recordingSink(): EventSink & { emitted: RecordedEvent[] } {
  const emitted: RecordedEvent[] = [];
  return {
    emitted,
    async emit(_trx, { type, ...event }) {
      const topic = WEBHOOK_TOPIC_OF[type];
      if (topic) emitted.push({ ...event, topic });
    },
  };
}

/** The app listening on a real socket; returns a fetch for paths of links found in emails. */
export async function listen(app: FastifyInstance) {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return (link: string, init?: RequestInit) => {
    const url = new URL(link);
    return fetch(base + url.pathname + url.search, { redirect: 'manual', ...init });
  };
}

/** Test app wired to a real SMTP server and a recording event sink. */
export async function emailTestApp(t: TestContext, env: Record<string, string> = {}, options: { reject?: () => boolean } = {}) {
  const smtp = await startSmtpServer(options);
  const events = recordingSink();
  const test: TestApp = await buildTestApp(t, { env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://reviews.example.com', ...env }, deps: { events } });
  // The client pool must hang up before the server can close.
  t.after(async () => {
    test.app.mailer.close();
    await smtp.close();
  });
  return { ...test, smtp, events };
}

export const DAY = 86_400_000;

/** The links of a review-request email, by kind. */
export function linksOf(mail: ParsedMail) {
  const html = typeof mail.html === 'string' ? mail.html : '';
  const hrefs = [...html.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
  return {
    review: hrefs.filter((h) => h.includes('/r/review?') && !h.includes('&rating=')),
    /** Five per product, 1 to 5 stars: the form with that rating chosen. */
    stars: hrefs.filter((h) => h.includes('/r/review?') && h.includes('&rating=')),
    click: hrefs.filter((h) => h.includes('/r/click?')),
    open: hrefs.find((h) => h.includes('/r/open?'))!,
    unsubscribe: hrefs.find((h) => h.includes('/r/unsubscribe?'))!,
  };
}

/** emailTestApp on a real socket whose address is PUBLIC_URL, so links in emails (and the media host) work from a browser. */
export async function servedEmailApp(t: TestContext, env: Record<string, string> = {}) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'plaudit-emails-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const served = await emailTestApp(t, { PUBLIC_URL: base, DATA_DIR: dataDir, ...env });
  await served.app.listen({ port, host: '127.0.0.1' });
  return { ...served, base };
}

/** Posts a page's signed upload form as a browser does: its hidden fields in order, then the file (a PNG part). */
export async function postUploadForm(get: Awaited<ReturnType<typeof listen>>, pageHtml: string, bytes: Buffer) {
  const form = /<form method="post" action="([^"]+)" enctype="multipart\/form-data">(.*?)<\/form>/s.exec(pageHtml)!;
  const body = new FormData();
  const unescape = (value: string) =>
    value
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  for (const [, name, value] of form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) body.append(name!, unescape(value!));
  body.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'me.png');
  return get(`https://x${form[1]!.replace(/&amp;/g, '&')}`, { method: 'POST', body });
}

/** Shoppers review product 111 of shop A from the storefront form, one (email, rating) each; each must be accepted. */
export async function submitOnStorefront(app: FastifyInstance, reviews: readonly (readonly [email: string, rating: number])[]) {
  for (const [email, rating] of reviews) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/reviews/submit',
      payload: { shop: 'shop-a.myshopify.com', product_id: '111', rating, content: 'Good', author: email, author_email: email, consent: 1, website: '' },
    });
    assert.equal(res.json().code, 0, res.body);
  }
}
