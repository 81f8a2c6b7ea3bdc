import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asBody, pngImage, startMediaApp, type Credentials } from '../../test/media-fixtures.ts';

const SHOP_ORIGIN = 'https://shop-a.example';

/** A multipart body exactly as a browser's FormData sends it, for app.inject. */
async function multipart(fields: Record<string, string>, file: Buffer) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([asBody(file)], { type: 'image/png' }), 'photo.png');
  const encoded = new Response(form);
  return { payload: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type')! };
}

test('the image upload receiver answers CORS for any origin (preflight, success and refusal); the partner API does not', async (t) => {
  const { app, shopA } = await startMediaApp(t);
  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/media',
    headers: { origin: SHOP_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
  assert.equal(preflight.statusCode, 204);
  assert.equal(preflight.headers['access-control-allow-origin'], '*');
  assert.match(String(preflight.headers['access-control-allow-methods']), /POST/);
  assert.match(String(preflight.headers['access-control-allow-headers']), /content-type/);

  // The credentials the storefront widget gets (upload_policy), then a cross-origin POST with them.
  const creds = (await app.inject({ method: 'GET', url: '/api/v1/reviews/upload_policy?shop=shop-a.myshopify.com' })).json().data as Credentials;
  const fields = { key: `${creds.dir}from-widget.png`, policy: creds.policy, OSSAccessKeyId: creds.access_id, Signature: creds.signature, callback: creds.callback };
  const body = await multipart(fields, await pngImage());
  const posted = await app.inject({ method: 'POST', url: '/media', headers: { origin: SHOP_ORIGIN, 'content-type': body.contentType }, payload: body.payload });
  assert.equal(posted.statusCode, 200, posted.body);
  assert.equal(posted.headers['access-control-allow-origin'], '*');
  assert.equal(posted.json().url, `${creds.host}/${creds.dir}from-widget.png`);

  // A refused upload (bad signature) is still readable cross-origin, so the widget can tell it failed.
  const forged = await multipart({ ...fields, key: `${creds.dir}forged.png`, Signature: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' }, await pngImage());
  const refused = await app.inject({ method: 'POST', url: '/media', headers: { origin: SHOP_ORIGIN, 'content-type': forged.contentType }, payload: forged.payload });
  assert.equal(refused.statusCode, 403, refused.body);
  assert.equal(refused.headers['access-control-allow-origin'], '*');

  // The signed partner API stays without CORS.
  const partner = await shopA.client.call('GET', 'get_image_upload_policy_token');
  assert.equal(partner.code, 0);
  const partnerRaw = await app.inject({ method: 'OPTIONS', url: '/api/v1/openapi/get_image_upload_policy_token', headers: { origin: SHOP_ORIGIN, 'access-control-request-method': 'GET' } });
  assert.equal(partnerRaw.headers['access-control-allow-origin'], undefined);
  const partnerGet = await app.inject({ method: 'GET', url: '/api/v1/openapi/get_image_upload_policy_token', headers: { origin: SHOP_ORIGIN } });
  assert.equal(partnerGet.headers['access-control-allow-origin'], undefined);
});
