import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { buildOAuthFixture, REDIRECT } from './oauth.test-support.ts';

const keyword = (res: { code: number; message: string }) => [res.code, res.message.split(':')[0]];

test('PKCE downgrade: a code issued without code_challenge is refused when a code_verifier is sent (RFC 9700 §2.1.1)', async (t) => {
  const f = await buildOAuthFixture(t);
  const verifier = 'd'.repeat(64);
  const downgraded = await f.token({ grant_type: 'authorization_code', code: await f.authorizeCode(), redirect_uri: REDIRECT, code_verifier: verifier });
  assert.deepEqual(keyword(downgraded), [3, 'invalid_grant']);
  assert.match(downgraded.message, /no code_challenge/);
  assert.equal((await f.snapshot()).oauth_tokens?.length ?? 0, 0, 'no token minted');

  // The reverse stays refused: a code issued with a challenge needs its verifier.
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const withChallenge = await f.authorizeCode({ extra: { code_challenge: challenge, code_challenge_method: 'S256' } });
  assert.deepEqual(keyword(await f.token({ grant_type: 'authorization_code', code: withChallenge, redirect_uri: REDIRECT })), [3, 'invalid_grant']);

  // And the plain flows still work.
  assert.equal((await f.token({ grant_type: 'authorization_code', code: await f.authorizeCode(), redirect_uri: REDIRECT })).code, 0);
  const pkce = await f.authorizeCode({ extra: { code_challenge: challenge, code_challenge_method: 'S256' } });
  assert.equal((await f.token({ grant_type: 'authorization_code', code: pkce, redirect_uri: REDIRECT, code_verifier: verifier })).code, 0);
});
