import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

type SurfaceHeaders = Omit<FastifyHelmetOptions, 'global' | 'enableCSPNonces'>;

const SELF = "'self'";
const NONE = "'none'";
const INLINE = "'unsafe-inline'";

/**
 * The security headers of every surface a browser renders, in one place. Each surface gets
 * helmet's headers (nosniff, no-referrer, COOP, …) plus its own Content-Security-Policy and
 * framing decision. Routes choose theirs with `helmet: SECURITY_HEADERS.<surface>` in their
 * route options; HSTS is left to the TLS terminator (an operator decision, README).
 */
export const SECURITY_HEADERS = {
  /** Hosted storefront pages (/s/…): the widget script from here, inline <style> and shadow-root styles, shop and review images from anywhere. Not framable: merchants embed the widget or a fragment instead. */
  hostedPage: page({
    'script-src': [SELF],
    'style-src': [SELF, INLINE],
    'img-src': [SELF, 'https:', 'http:', 'data:'],
    'media-src': [SELF, 'https:', 'http:'],
    'connect-src': [SELF, 'https:', 'http:'],
    'form-action': [SELF],
    'frame-ancestors': [NONE],
  }),
  /** HTML fragments (/storefront/v1/fragment): markup for server-side includes. Opened directly, nothing runs and nothing frames it. */
  fragment: page({ 'style-src': [INLINE], 'img-src': ['https:', 'http:', 'data:'], 'frame-ancestors': [NONE] }, { crossOriginResourcePolicy: { policy: 'cross-origin' } }),
  /** Pages reached from review-request emails (/r/…): their links carry capabilities, so no scripts, no referrer, no framing. */
  emailPage: page({
    'style-src': [INLINE],
    'img-src': ['https:', 'http:', 'data:'],
    'form-action': [SELF],
    'frame-ancestors': [NONE],
  }),
  /**
   * The hosted review form (/r/review): as emailPage, plus its one same-origin script, which uploads photos and a
   * video to the media host (possibly another origin, e.g. S3) before the form is sent.
   */
  emailForm: page({
    'script-src': [SELF],
    'style-src': [INLINE],
    'img-src': ['https:', 'http:', 'data:'],
    'connect-src': [SELF, 'https:', 'http:'],
    'form-action': [SELF],
    'frame-ancestors': [NONE],
  }),
  /** Merchant sign-in, consent and settings pages: a consent page must never be framed (clickjacking). */
  merchantPage: page({ 'style-src': [INLINE], 'form-action': [SELF, 'https:', 'http:'], 'frame-ancestors': [NONE] }, { frameguard: { action: 'deny' } }),
  /** The API reference (/docs, Swagger UI): its own scripts; it sets inline styles from script. */
  docs: page({
    'script-src': [SELF],
    'style-src': [SELF, INLINE],
    'img-src': [SELF, 'data:'],
    'connect-src': [SELF],
    'frame-ancestors': [NONE],
  }),
  /** A single-page app served from here (the admin console): hashed scripts from 'self', Mantine's inline styles. */
  spa: page({
    'script-src': [SELF],
    'style-src': [SELF, INLINE],
    'img-src': [SELF, 'data:', 'https:'],
    'font-src': [SELF, 'data:'],
    'connect-src': [SELF],
    'form-action': [SELF],
    'frame-ancestors': [NONE],
  }),
  /** Static assets loaded by other sites (the widget script, its CSS): no CSP, but nosniff and loadable cross-origin. */
  crossOriginAsset: {
    contentSecurityPolicy: false,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
  },
} satisfies Record<string, SurfaceHeaders>;

export type Surface = keyof typeof SECURITY_HEADERS;

function page(directives: Record<string, string[]>, extra: SurfaceHeaders = {}): SurfaceHeaders {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { 'default-src': [NONE], 'base-uri': [NONE], 'object-src': [NONE], ...directives },
    },
    ...extra,
  };
}

const BASE: FastifyHelmetOptions = { hsts: false, referrerPolicy: { policy: 'no-referrer' } };

/**
 * Helmet for the routes of the calling plugin only, each choosing its surface with
 * `helmet: SECURITY_HEADERS.<surface>` in its route options. Helmet is registered per plugin, not
 * for the whole app: its hooks would otherwise run on every JSON API request, which needs none.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, { ...BASE, global: false });
}

/** Gives every route of the calling plugin the surface's headers, unless a route chooses its own. Call it before the routes. */
export async function useSurface(app: FastifyInstance, surface: Surface): Promise<void> {
  await app.register(helmet, { ...BASE, ...SECURITY_HEADERS[surface], global: true } as FastifyHelmetOptions);
}
