/** Where the widget talks to: the script's own origin and the shop named on its tag. */
export const script = (document.currentScript ?? document.querySelector('script[data-shop][src*="/widget/v1/"]')) as HTMLScriptElement | null;
export const apiDomain = script?.src ? new URL(script.src).origin : location.origin;
export const shop = script?.dataset.shop ?? script?.dataset.shopId ?? '';
export const shopParam = (): Record<string, string> => (/^\d+$/.test(shop) ? { shop_id: shop } : { shop });

/** `fresh` revalidates with the server (ETag) instead of trusting the browser cache: used by refresh(). */
export async function api<T>(path: string, params: Record<string, string | number | boolean | undefined>, body?: object, fresh = false): Promise<T> {
  const query = new URLSearchParams(shopParam());
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '' && v !== false && v !== 0) query.set(k, String(v));
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 8000);
  try {
    // text/plain keeps the request "simple" (no CORS preflight); the server reads the body as JSON.
    const init: RequestInit = body
      ? { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ ...shopParam(), ...body }), signal: controller.signal }
      : { signal: controller.signal, cache: fresh ? 'no-cache' : 'default' };
    const response = await fetch(`${apiDomain}/api/v1/reviews/${path}${body ? '' : `?${query}`}`, init);
    const json = (await response.json()) as { code: number; message: string; data: T };
    if (json.code !== 0) throw new Error(json.message);
    return json.data;
  } finally {
    clearTimeout(timer);
  }
}

interface UploadPolicy {
  access_id: string;
  host: string;
  signature: string;
  policy: string;
  dir: string;
  callback: string;
}

/** Photos go straight to Plaudit's media storage with short-lived credentials; the review then names their URLs. */
export async function uploadPhotos(files: File[]): Promise<string[]> {
  const policy = await api<UploadPolicy>('upload_policy', {});
  return Promise.all(
    files.map(async (file, i) => {
      const ext = (/^image\/(jpeg|png|webp|gif|avif)$/.exec(file.type)?.[1] ?? 'jpg').replace('jpeg', 'jpg');
      const body = new FormData();
      body.append('key', `${policy.dir}${Date.now().toString(36)}-${i}-${Math.random().toString(36).slice(2, 10)}.${ext}`);
      body.append('policy', policy.policy);
      body.append('OSSAccessKeyId', policy.access_id);
      body.append('Signature', policy.signature);
      body.append('callback', policy.callback);
      body.append('file', file);
      const response = await fetch(policy.host, { method: 'POST', body });
      if (!response.ok) throw new Error(`upload failed: ${response.status}`);
      return ((await response.json()) as { url: string }).url;
    }),
  );
}
