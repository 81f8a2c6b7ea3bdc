/** Fire-and-forget interaction reports (storefront customer events): never throws, never waits, never blocks the page. */
export type Extra = Record<string, string | number | boolean>;

export function eventReporter(apiDomain: string, shopParam: () => Record<string, string>) {
  const url = `${apiDomain}/api/v1/reviews/events`;
  return (eventType: string, fields: { productId?: string; reviewId?: string; extra?: Extra } = {}): void => {
    try {
      const page = location.href;
      const body = JSON.stringify({
        ...shopParam(),
        event_type: eventType,
        // The server accepts only what it can validate: numeric ids and http(s) page URLs.
        product_id: /^\d{1,20}$/.test(fields.productId ?? '') ? fields.productId : undefined,
        review_id: /^\d{1,20}$/.test(fields.reviewId ?? '') ? fields.reviewId : undefined,
        page_url: /^https?:\/\/\S+$/.test(page) && page.length <= 2048 ? page : undefined,
        extra: fields.extra,
      });
      // A string body is sent as text/plain: a "simple" request, no CORS preflight.
      if (navigator.sendBeacon?.(url, body)) return;
      fetch(url, { method: 'POST', body, keepalive: true, headers: { 'content-type': 'text/plain' } }).catch(() => undefined);
    } catch {
      // Reporting is best effort.
    }
  };
}

/** Calls `seen` once, the first time the element is at least partly on screen. */
export function onFirstView(el: Element, seen: () => void): void {
  if (typeof IntersectionObserver === 'undefined') return seen();
  const observer = new IntersectionObserver((entries) => {
    if (!entries.some((e) => e.isIntersecting)) return;
    observer.disconnect();
    seen();
  });
  observer.observe(el);
}
