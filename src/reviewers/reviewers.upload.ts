import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { issueCredentials, type PolicySigner } from '../media/media.policy.ts';
import { OssError } from '../media/media.oss.ts';
import { receiveImagePost } from '../media/media.receiver.ts';
import { mediaUrls } from '../media/media.urls.ts';
import type { UploadForm } from './reviewers.pages.ts';

/**
 * The upload form of an author's page: the same signed PostObject fields the widget gets from
 * upload_policy (15 minutes, this shop's folder, the image size limit), posted to `action`, so the
 * photo passes the media receiver's checks (sniffed type, decoded, re-encoded without metadata).
 */
export function uploadFormFor(app: FastifyInstance, signer: PolicySigner, shopId: number, action: string): UploadForm {
  const credentials = issueCredentials(signer, { shopId, now: app.clock.now(), mediaBaseUrl: app.config.media.publicUrl, maxBytes: app.config.media.maxImageBytes });
  return {
    action,
    fields: { OSSAccessKeyId: credentials.access_id, policy: credentials.policy, Signature: credentials.signature, key: `${credentials.dir}${randomUUID()}` },
  };
}

/** Why a posted photo was refused, as the key of the reviewer page's text that says so. */
export type PhotoRefusal = 'photoInvalid' | 'photoTooLarge' | 'photoRefused';

const refusalOf = (error: OssError): PhotoRefusal =>
  error.ossCode === 'EntityTooLarge' ? 'photoTooLarge' : error.ossCode === 'InvalidArgument' || error.ossCode === 'EntityTooSmall' ? 'photoInvalid' : 'photoRefused';

/** Stores the posted photo of `shopId`'s form; a refused file is a message for the page (logged with the receiver's reason), not an exception. */
export async function receivePhoto(app: FastifyInstance, request: FastifyRequest, signer: PolicySigner, shopId: number): Promise<{ url: string; thumbnail_url: string } | { error: PhotoRefusal }> {
  try {
    const stored = await receiveImagePost(app, request, signer);
    if (!stored.key.startsWith(`${shopId}/`)) return { error: 'photoRefused' };
    const urls = mediaUrls(app.config.media.publicUrl, stored.key);
    return { url: urls.url, thumbnail_url: urls.thumbnail_url };
  } catch (error) {
    if (!(error instanceof OssError)) throw error;
    request.log.info({ ossCode: error.ossCode, reason: error.message }, 'reviewer photo refused');
    return { error: refusalOf(error) };
  }
}
