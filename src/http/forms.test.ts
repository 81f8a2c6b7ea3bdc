import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { signedHeaders } from '../client/index.ts';

test('form parsing stays on the HTML surfaces: a partner body sent as a form is still verified on its exact bytes and read as JSON', async (t) => {
  const { app, shopA, clock } = await buildTestApp(t);
  const body = '{"rating":5,"author":"Form typed"}';
  const headers = signedHeaders({ publicToken: shopA.credentials.public_token, privateToken: shopA.credentials.private_token }, [], body, String(Math.floor(clock.now() / 1000)));
  const res = await app.inject({ method: 'POST', url: '/api/v1/openapi/create_review', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, payload: body });
  assert.equal(res.json().code, 0, res.body);
  assert.equal(res.json().data.author, 'Form typed');
});

test('HTML forms are parsed by @fastify/formbody: a repeated OAuth parameter is refused, a hosted form post is read', async (t) => {
  const { app } = await buildTestApp(t);
  const repeated = await app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'grant_type=client_credentials&client_id=a&client_id=b&client_secret=x',
  });
  assert.deepEqual([repeated.statusCode, repeated.json().error, repeated.json().error_description], [400, 'invalid_request', 'parameter client_id is repeated']);
  const signIn = await app.inject({
    method: 'POST',
    url: '/merchant/sign-in',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'email=a%40b.c&password=x+y&csrf_token=none',
  });
  assert.equal(signIn.statusCode, 400, 'read as a form: the CSRF check answers, not a parse error');
  assert.match(signIn.body, /sign-in form has expired/);
});
