/**
 * FNV-1a over UTF-16 code units: a tiny, stable 32-bit hash. The local models derive colours,
 * voices and camera moves from it, so the same input looks and sounds the same in every run
 * and on every machine (the content-addressed cache depends on that).
 */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A deterministic choice from a non-empty list. */
export function pick<T>(items: readonly T[], key: string | number): T {
  const index = (typeof key === "number" ? key >>> 0 : stableHash(key)) % items.length;
  const item = items[index];
  if (item === undefined) throw new Error("pick() needs a non-empty list");
  return item;
}
