/**
 * The first line each source-key hash was seen on, for finding duplicate rows within one input.
 * A JS Map of a million number keys costs ~70 MB of heap (a boxed double and an entry each); this
 * open-addressing table keeps a key in a Float64Array slot and its line in a Uint32Array slot
 * (12 bytes a slot, at most half full), so a 1,000,000-row import holds ~25–50 MB.
 */
export class FirstLineTable {
  private keys = new Float64Array(1024);
  /** line + 1 per slot; 0 marks an empty slot. */
  private lines = new Uint32Array(1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The line `key` was first seen on, or undefined after recording `line` as its first. */
  firstOrRecord(key: number, line: number): number | undefined {
    if ((this.count + 1) * 2 > this.lines.length) this.grow();
    const slot = this.slotOf(key, this.keys, this.lines);
    if (this.lines[slot] !== 0) return this.lines[slot]! - 1;
    this.keys[slot] = key;
    this.lines[slot] = line + 1;
    this.count++;
    return undefined;
  }

  private slotOf(key: number, keys: Float64Array, lines: Uint32Array): number {
    const mask = lines.length - 1;
    // Keys are already hashes (< 2^53): their low 32 bits spread well.
    let slot = (key >>> 0) & mask;
    while (lines[slot] !== 0 && keys[slot] !== key) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    const lines = new Uint32Array(this.lines.length * 2);
    for (let i = 0; i < this.lines.length; i++) {
      if (this.lines[i] === 0) continue;
      const slot = this.slotOf(this.keys[i]!, keys, lines);
      keys[slot] = this.keys[i]!;
      lines[slot] = this.lines[i]!;
    }
    this.keys = keys;
    this.lines = lines;
  }
}
