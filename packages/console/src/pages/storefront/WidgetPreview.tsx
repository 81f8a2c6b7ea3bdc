import { Box } from '@mantine/core';
import { useEffect, useRef } from 'react';
import type { WidgetAppearance } from './storefront.queries';

interface PlauditGlobal {
  refresh: (scope?: ParentNode) => void;
}

/** Loads the real storefront widget script once (same origin, so the console's CSP allows it). */
function loadWidget(shop: string): Promise<PlauditGlobal> {
  const existing = (window as unknown as { Plaudit?: PlauditGlobal }).Plaudit;
  if (existing) return Promise.resolve(existing);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/widget/v1/plaudit.js';
    script.async = true;
    script.dataset.shop = shop;
    script.onload = () => resolve((window as unknown as { Plaudit: PlauditGlobal }).Plaudit);
    script.onerror = () => reject(new Error('the widget script did not load'));
    document.body.appendChild(script);
  });
}

/**
 * The shop's published reviews as shoppers see them, drawn by the real widget with the unsaved
 * appearance (its data-appearance attribute wins over the stored one, as snippet attributes do).
 */
export function WidgetPreview({ shop, appearance }: { shop: string; appearance: WidgetAppearance }) {
  const host = useRef<HTMLDivElement>(null);
  const look = JSON.stringify(appearance);
  useEffect(() => {
    let cancelled = false;
    // Typing a colour changes the value on every key: draw again once it settles.
    const timer = setTimeout(() => {
      void loadWidget(shop).then((plaudit) => {
        if (!cancelled && host.current) plaudit.refresh(host.current);
      });
    }, 150);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [shop, look]);
  return (
    <Box ref={host} p="md" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }} aria-label="Widget preview" role="region">
      <div className="trustoo-widget" data-widget="all-reviews" data-limit="3" data-theme={appearance.theme} data-appearance={look} />
    </Box>
  );
}

/** The snippet for a product page template: the appearance comes from the shop's settings, so it carries none. */
export const installSnippet = (publicUrl: string, shop: string) =>
  `<div class="trustoo-widget" data-widget="product-reviews" data-product-id="{{ product.id }}"></div>\n` + `<script async src="${publicUrl}/widget/v1/plaudit.js" data-shop="${shop}"></script>`;
