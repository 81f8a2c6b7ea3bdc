import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { unixSeconds } from '../lib/clock.ts';

/** `{code, message, time, request_id, data}` — every response under /api/v1/openapi (spec README §3). */
export const envelopeOf = <T extends TSchema>(data: T, description = 'Success') =>
  Type.Object(
    {
      code: Type.Integer({ description: '0 on success; see the code table in the API description' }),
      message: Type.String({ description: '"success", or a human-readable reason' }),
      time: Type.Integer({ description: 'server time, Unix seconds' }),
      request_id: Type.String({ description: '32 lowercase hex characters; also in the X-Request-Id header' }),
      data,
    },
    { description },
  );

export interface Envelope<T> {
  code: number;
  message: string;
  time: number;
  request_id: string;
  data: T;
}

export function ok<T>(request: FastifyRequest, data: T): Envelope<T> {
  return { code: 0, message: 'success', time: unixSeconds(request.server.clock.now()), request_id: request.id, data };
}

/**
 * Sends a success envelope whose `data` is already JSON text (pages of reviews built by the
 * database, see src/reviews/reviews.json.ts). The route's response schema still documents it.
 */
export function sendOkJson(request: FastifyRequest, reply: FastifyReply, dataJson: string) {
  const time = unixSeconds(request.server.clock.now());
  const body = `{"code":0,"message":"success","time":${time},"request_id":${JSON.stringify(request.id)},"data":${dataJson}}`;
  return reply.type('application/json; charset=utf-8').send(body);
}

export function sendError(request: FastifyRequest, reply: FastifyReply, httpStatus: number, code: number, message: string) {
  const body: Envelope<null> = { code, message, time: unixSeconds(request.server.clock.now()), request_id: request.id, data: null };
  // Error bodies bypass the route's response schema, which describes the success shape.
  return reply.status(httpStatus).header('x-request-id', request.id).type('application/json; charset=utf-8').serializer(JSON.stringify).send(body);
}
