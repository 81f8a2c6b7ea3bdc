import type { FastifyReply, FastifyRequest } from 'fastify';
import { escapeHtml } from '../lib/html.ts';

/**
 * Errors of the public storage routes (upload receiver, one-time video URL, served files)
 * are answered the way Alibaba OSS / S3 answer them: an HTTP 4xx status and an XML `Error`
 * document with `Code`, `Message` and `RequestId` — what an OSS client library parses.
 */
export class OssError extends Error {
  constructor(
    readonly status: number,
    readonly ossCode: string,
    message: string,
  ) {
    super(message);
  }
}

export const policyDenied = (why: string) => new OssError(403, 'AccessDenied', `Invalid according to Policy: ${why}`);
export const invalidArgument = (why: string) => new OssError(400, 'InvalidArgument', why);
export const noSuchKey = () => new OssError(404, 'NoSuchKey', 'The specified key does not exist.');

// The shared escaper's numeric references are valid XML too.
const escapeXml = escapeHtml;

export function sendOssError(request: FastifyRequest, reply: FastifyReply, error: OssError) {
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n' +
    `  <Code>${escapeXml(error.ossCode)}</Code>\n  <Message>${escapeXml(error.message)}</Message>\n` +
    `  <RequestId>${request.id}</RequestId>\n  <HostId>${escapeXml(request.hostname)}</HostId>\n</Error>\n`;
  return reply.status(error.status).header('x-oss-request-id', request.id).type('application/xml').serializer(String).send(body);
}
