/** One row per server key kind; `check_value` is HMAC-SHA256(key, a fixed label), hex. */
export interface ServerKeyChecksTable {
  name: string;
  check_value: string;
  recorded_at: number;
}
