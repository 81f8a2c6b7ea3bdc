import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { launchChromium } from '../../test/browser.ts';
import { buildOAuthFixture, PASSWORD_A } from './oauth.test-support.ts';

test('a merchant signs in and approves in headless Chromium; the partner receives the code and uses it', { timeout: 90_000 }, async (t) => {
  // The partner: a real local HTTP server that records its OAuth callback.
  const callbacks: URL[] = [];
  const partner = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://partner');
    if (url.pathname === '/callback') callbacks.push(url);
    response.writeHead(200, { 'content-type': 'text/html' }).end('<p id="done">connected</p>');
  });
  await new Promise<void>((resolve) => partner.listen(0, '127.0.0.1', resolve));
  // close() alone waits for any request the browser still holds open.
  t.after(
    () =>
      new Promise<void>((resolve) => {
        partner.close(() => resolve());
        partner.closeAllConnections();
      }),
  );
  const redirectUri = `http://127.0.0.1:${(partner.address() as AddressInfo).port}/callback`;

  const f = await buildOAuthFixture(t, { redirectUris: [redirectUri] });
  const address = await f.app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchChromium(t);
  const page = await browser.newPage();

  const authorize = new URL('/oauth/authorize', address);
  for (const [k, v] of Object.entries({ client_id: 'trustwill', redirect_uri: redirectUri, scope: 'read_reviews,write_reviews', state: 'xyz 1/2', response_type: 'code' })) {
    authorize.searchParams.set(k, v);
  }
  await page.goto(authorize.toString());
  assert.match(page.url(), /\/merchant\/sign-in\?return_to=/);
  await page.fill('#email', 'owner@shop-a.test');
  await page.fill('#password', PASSWORD_A);
  await Promise.all([page.waitForURL(/\/oauth\/authorize\?/), page.click('button[type=submit]')]);
  assert.equal(await page.textContent('#platform-name'), 'Trust Will');
  assert.equal(await page.textContent('#shop-domain'), 'shop-a.myshopify.com');
  const scopes = await page.locator('#scopes li').allTextContents();
  assert.deepEqual(scopes, ['Read your reviews and star ratings (read_reviews)', 'Read, create and delete reviews, upload review media, and receive review webhooks (write_reviews)']);
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === 'plaudit_session');
  assert.deepEqual([session?.httpOnly, session?.sameSite], [true, 'Lax']);

  await Promise.all([page.waitForURL(`${redirectUri}?**`), page.click('button[value=approve]')]);
  assert.equal(await page.textContent('#done'), 'connected');
  assert.equal(callbacks.length, 1);
  const callback = callbacks[0]!;
  assert.equal(callback.searchParams.get('state'), 'xyz 1/2');
  assert.equal(callback.searchParams.get('iss'), 'https://plaudit.test');
  const code = callback.searchParams.get('code')!;

  const tokens = await f.token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });
  assert.equal(tokens.code, 0, tokens.message);
  assert.equal(tokens.data.scope, 'read_reviews,write_reviews');
  const created = await f.bearer(tokens.data.access_token as string, 'POST', 'create_review', { body: { rating: 5, author: 'Via OAuth' } });
  assert.equal(created.code, 0, created.message);
  assert.equal((await f.shopA.client.getReviews()).data.list[0]?.author, 'Via OAuth');
});
