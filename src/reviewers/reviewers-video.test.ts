import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ParsedMail } from 'mailparser';
import { upsertProduct } from '../products/products.service.ts';
import { DAY, emailTestApp, listen, submitOnStorefront } from '../emails/emails.testkit.ts';
import { asBody, mp4Bytes } from '../../test/media-fixtures.ts';

const linkOf = (mail: ParsedMail, path: string) => new RegExp(`https://reviews\\.example\\.com${path}\\?t=[A-Za-z0-9_.-]+`).exec(mail.text ?? '')![0];
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const unescape = (text: string) => text.replace(/&amp;/g, '&');

/** The page's video form: where the script asks for an upload URL, and where it posts the video's URL. */
function videoFormOf(pageHtml: string) {
  const form = /<form method="post" action="([^"]+)" data-video-form data-upload-url="([^"]+)"/.exec(pageHtml);
  assert.ok(form, 'the page has a video form');
  return { action: `https://x${unescape(form[1]!)}`, uploadUrl: `https://x${unescape(form[2]!)}` };
}

interface VideoTarget {
  upload_url: string;
  video_url: string;
}

test('the author adds a video from the confirmation link and from the photo request, through the same one-time upload and checks as the hosted review form', async (t) => {
  const env = await emailTestApp(t);
  const { app, shopA, shopB, smtp, worker, clock, services, events } = env;
  await upsertProduct({ db: services.db, clock }, shopA.shopId, { product_id: '111', handle: 'red-shirt', title: 'Red shirt' });
  await submitOnStorefront(app, [
    ['ann@example.com', 4],
    ['bob@example.com', 5],
  ]);
  await worker.runOnce();
  const confirmationTo = (email: string) => smtp.messages.find((m) => m.to && !Array.isArray(m.to) && m.to.text === email)!;
  const get = await listen(app);
  const annManage = linkOf(confirmationTo('ann@example.com'), '/r/my-review');
  const annId = (await services.db.selectFrom('reviews').select('id').where('author_email', '=', 'ann@example.com').executeTakeFirstOrThrow()).id;
  const mediaOf = async (id: number) =>
    JSON.parse((await services.db.selectFrom('reviews').select('media').where('id', '=', id).executeTakeFirstOrThrow()).media) as { url: string; type: number; is_published: number }[];

  const page = await get(annManage);
  const pageHtml = await page.text();
  assert.match(pageHtml, /<label for="video-file">Add a video \(MP4, WebM or QuickTime\)<\/label><input type="file" id="video-file" accept="video\/mp4,video\/webm,video\/quicktime" required>/);
  const form = videoFormOf(pageHtml);
  const script = await get('https://x/r/my-review.js');
  assert.equal(script.status, 200);
  assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
  assert.match(await script.text(), /data-video-form/);

  // Bad input first: nothing is written.
  const refusedType = await get(`${form.uploadUrl}&content_type=text/html`, { method: 'POST' });
  assert.equal(refusedType.status, 200);
  assert.deepEqual([(await refusedType.json()).code], [3], 'only video types (code 3, the partner API answer)');
  const codeOf = async (res: Response) => ((await res.json()) as { code: number }).code;
  assert.equal(
    await codeOf(
      await get(
        form.uploadUrl.replace(/t=(.)/, (_m, c: string) => `t=${c === 'A' ? 'B' : 'A'}`),
        { method: 'POST' },
      ),
    ),
    5,
    'a tampered link gets no upload URL (code 5, as /r/video-upload)',
  );
  const neverUploaded = `${services.config.media.publicUrl}/${shopA.shopId}/2026/6/1/never-uploaded.mp4`;
  const foreign = `${services.config.media.publicUrl}/${shopB.shopId}/2026/6/1/x.mp4`;
  for (const video of [neverUploaded, foreign, 'https://evil.example/x.mp4', '']) {
    const res = await get(form.action, { method: 'POST', headers: FORM, body: new URLSearchParams({ video }).toString() });
    assert.equal(res.status, 400, video);
    assert.match(await res.text(), /The video was not accepted\. Please upload it again\./);
  }
  const notVideoTarget = (await (await get(`${form.uploadUrl}&content_type=video/mp4`, { method: 'POST' })).json()) as VideoTarget;
  const notVideo = await get(notVideoTarget.upload_url, { method: 'PUT', body: 'not a video at all', headers: { 'content-type': 'video/mp4' } });
  assert.equal(notVideo.status, 400, 'the media receiver checks the bytes');
  assert.equal((await get(form.action, { method: 'POST', headers: FORM, body: new URLSearchParams({ video: notVideoTarget.video_url }).toString() })).status, 400);
  assert.deepEqual(await mediaOf(annId), []);

  const target = (await (await get(`${form.uploadUrl}&content_type=video/mp4`, { method: 'POST' })).json()) as VideoTarget;
  assert.match(target.video_url, new RegExp(`^${services.config.media.publicUrl}/${shopA.shopId}/.+\\.mp4$`));
  const video = mp4Bytes(200 * 1024);
  const put = await get(target.upload_url, { method: 'PUT', body: asBody(video), headers: { 'content-type': 'video/mp4' } });
  assert.equal(put.status, 200);
  clock.advance(60_000);
  const added = await get(form.action, { method: 'POST', headers: FORM, body: new URLSearchParams({ video: target.video_url }).toString() });
  const addedHtml = await added.text();
  assert.equal(added.status, 200, addedHtml);
  assert.match(addedHtml, /Thank you! Your video was added to your review\./);
  assert.match(addedHtml, /<img src="[^"]+\.mp4\?x-oss-process=style\/thumbnail" alt="Video 1"/);
  assert.deepEqual(await mediaOf(annId), [{ url: target.video_url, thumbnail_url: `${target.video_url}?x-oss-process=style/thumbnail`, type: 2, is_published: 1 }]);
  const served = await get(target.video_url);
  assert.deepEqual(Buffer.from(await served.arrayBuffer()), video);
  const upload = await services.db.selectFrom('media_uploads').select(['referenced_at']).where('object_key', 'like', '%.mp4').where('status', '=', 'stored').executeTakeFirstOrThrow();
  assert.equal(Number(upload.referenced_at), clock.now(), 'kept by media cleanup');
  assert.ok(events.emitted.some((e) => e.topic === 'review/updated' && (e.data as { id: string }).id === String(annId)));

  const second = (await (await get(`${form.uploadUrl}&content_type=video/webm`, { method: 'POST' })).json()) as VideoTarget;
  const webm = Buffer.concat([Buffer.from('1a45dfa3', 'hex'), Buffer.alloc(4096, 1)]);
  assert.equal((await get(second.upload_url, { method: 'PUT', body: asBody(webm), headers: { 'content-type': 'video/webm' } })).status, 200);
  const again = await get(form.action, { method: 'POST', headers: FORM, body: new URLSearchParams({ video: second.video_url }).toString() });
  assert.equal(again.status, 400);
  assert.match(await again.text(), /Your review already has a video\./);
  assert.equal((await mediaOf(annId)).length, 1, 'one video per review, as the hosted form');

  // Bob's 5-star review without media gets the photo request; its page takes a video too.
  clock.advance(2 * DAY);
  await worker.runOnce();
  const requests = smtp.messages.filter((m) => m.subject === 'Add a photo to your review of Red shirt?');
  assert.deepEqual(
    requests.map((m) => (m.to && !Array.isArray(m.to) ? m.to.text : '')),
    ['bob@example.com'],
    'Ann added a video already: no photo request for her',
  );
  const request = requests[0]!;
  const photoPage = await (await get(linkOf(request, '/r/photo'))).text();
  assert.match(photoPage, /Shoppers trust photos and videos from real customers\./);
  const photoForm = videoFormOf(photoPage);
  assert.match(photoForm.action, /\/r\/photo\/video\?t=/);
  const bobTarget = (await (await get(`${photoForm.uploadUrl}&content_type=video/quicktime`, { method: 'POST' })).json()) as VideoTarget;
  assert.equal((await get(bobTarget.upload_url, { method: 'PUT', body: asBody(mp4Bytes(8192)), headers: { 'content-type': 'video/quicktime' } })).status, 200);
  const bobAdded = await get(photoForm.action, { method: 'POST', headers: FORM, body: new URLSearchParams({ video: bobTarget.video_url }).toString() });
  assert.equal(bobAdded.status, 200);
  assert.match(await bobAdded.text(), /Thank you! Your video was added to your review\./);
  const bobId = (await services.db.selectFrom('reviews').select('id').where('author_email', '=', 'bob@example.com').executeTakeFirstOrThrow()).id;
  assert.deepEqual(
    (await mediaOf(bobId)).map((m) => [m.type, m.url]),
    [[2, bobTarget.video_url]],
  );
  assert.equal(
    (await get(linkOf(request, '/r/photo').replace('/r/photo', '/r/my-review/video'), { method: 'POST', headers: FORM, body: 'video=x' })).status,
    404,
    'a photo link cannot use the manage routes',
  );
  assert.equal((await shopA.client.getReviews()).data.list.length, 2, 'still two reviews');

  clock.advance(181 * DAY);
  assert.equal(await codeOf(await get(form.uploadUrl, { method: 'POST' })), 5, 'an expired link gets no upload URL');
});
