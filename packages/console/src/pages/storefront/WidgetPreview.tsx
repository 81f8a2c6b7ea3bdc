import { Box } from '@mantine/core';
import { useEffect, useRef } from 'react';

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

export interface Appearance {
  star: string;
  accent: string;
  theme: 'light' | 'dark';
}

/** The shop's published reviews as shoppers see them, drawn by the widget with the chosen appearance. */
export function WidgetPreview({ shop, appearance }: { shop: string; appearance: Appearance }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let cancelled = false;
    void loadWidget(shop).then((plaudit) => {
      if (!cancelled && host.current) plaudit.refresh(host.current);
    });
    return () => {
      cancelled = true;
    };
  }, [shop]);
  return (
    <Box
      ref={host}
      p="md"
      bg={appearance.theme === 'dark' ? '#1d1d1d' : 'white'}
      style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}
      aria-label="Widget preview"
      role="region"
    >
      <div
        className="trustoo-widget"
        data-widget="all-reviews"
        data-limit="3"
        data-theme={appearance.theme}
        style={{ ['--plaudit-star' as string]: appearance.star, ['--plaudit-accent' as string]: appearance.accent }}
      />
    </Box>
  );
}

export const installSnippet = (publicUrl: string, shop: string, appearance: Appearance) =>
  `<style>.trustoo-widget{--plaudit-star:${appearance.star};--plaudit-accent:${appearance.accent}}</style>\n` +
  `<div class="trustoo-widget" data-widget="product-reviews" data-product-id="{{ product.id }}"${appearance.theme === 'dark' ? ' data-theme="dark"' : ''}></div>\n` +
  `<script async src="${publicUrl}/widget/v1/plaudit.js" data-shop="${shop}"></script>`;
