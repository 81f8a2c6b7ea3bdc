/** Public URLs of a stored object and its styles (`?x-oss-process=style/<name>`, as OSS serves them). */
export function mediaUrls(mediaBaseUrl: string, key: string) {
  const url = `${mediaBaseUrl}/${key}`;
  return {
    url,
    thumbnail_url: `${url}?x-oss-process=style/thumbnail`,
    big_url: `${url}?x-oss-process=style/trustoo_big`,
    small_url: `${url}?x-oss-process=style/trustoo_small`,
  };
}
