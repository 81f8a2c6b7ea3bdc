import { ApiError } from '../http/errors.ts';

/** RFC 6749 §4.1.2.1 / §5.2 and RFC 7009 error codes. */
export type OAuthErrorCode =
  'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client' | 'unsupported_grant_type' | 'invalid_scope' | 'unsupported_response_type' | 'access_denied';

/**
 * One error, two presentations: the Trustoo envelope (code 16 for client authentication,
 * code 3 with the keyword at the start of the message otherwise; spec endpoints.md §A3)
 * and the standard JSON error body `{error, error_description}`.
 */
export class OAuthError extends ApiError {
  constructor(
    readonly oauthCode: OAuthErrorCode,
    readonly description: string,
    /** false for an unknown client or redirect URI: the user is shown the error, never redirected. */
    readonly redirectable = true,
  ) {
    super(oauthCode === 'invalid_client' ? 'unauthenticated' : 'invalid_argument', `${oauthCode}: ${description}`);
  }
}

export const invalidClient = () => new OAuthError('invalid_client', 'invalid client_id or client_secret', false);
