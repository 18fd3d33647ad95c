import { tokenize } from "./tokenize.js";

/**
 * Signed feature hashing ("the hashing trick"): every word and every adjacent word pair is
 * hashed to a bucket and a sign. Colliding features then cancel on average instead of piling up,
 * so dot products stay unbiased estimates of the shared-feature count.
 */
export type FeatureBuckets = Map<number, number>;

/**
 * Word pairs are weighted a little below words: they carry word order ("dark night" is not
 * "night dark") and make quoted spans match sharply, but a paraphrase shares words, not pairs.
 */
export const PAIR_WEIGHT = 0.8;
const PAIR_SALT = 0x5bd1e995;

/** FNV-1a over UTF-16 code units, then murmur3's finaliser so the low bits mix well too. */
export function hashWord(word: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < word.length; index++) {
    hash ^= word.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return finalMix(hash);
}

/** Order matters: pair(a, b) and pair(b, a) land in unrelated buckets. */
export function hashPair(first: number, second: number): number {
  const rotated = (second << 15) | (second >>> 17);
  return finalMix(Math.imul(first, 0x9e3779b1) ^ rotated ^ PAIR_SALT);
}

function finalMix(value: number): number {
  let hash = value;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** Bucket → signed sum of sublinear term frequencies (1 + ln tf) of the features hashed there. */
export function featureBucketsOf(text: string, dimensions: number): FeatureBuckets {
  return featureBucketsOfWords(tokenize(text), dimensions);
}

export function featureBucketsOfWords(
  words: readonly string[],
  dimensions: number,
): FeatureBuckets {
  const counts = new Map<number, number>();
  let previous = -1;
  for (const word of words) {
    const hash = hashWord(word);
    // Words take even keys and pairs odd ones, so the weighting below can tell them apart.
    const key = (hash & ~1) >>> 0;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (previous !== -1) {
      const pair = hashPair(previous, hash);
      const pairKey = (pair | 1) >>> 0;
      counts.set(pairKey, (counts.get(pairKey) ?? 0) + 1);
    }
    previous = hash;
  }
  const buckets: FeatureBuckets = new Map();
  for (const [feature, frequency] of counts) {
    const bucket = (feature >>> 1) % dimensions;
    const sign = feature >>> 31 === 0 ? 1 : -1;
    const weight = (1 + Math.log(frequency)) * ((feature & 1) === 1 ? PAIR_WEIGHT : 1);
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + sign * weight);
  }
  return buckets;
}

/** A dense unit vector from buckets, each scaled by `weightOf(bucket)` first. */
export function denseUnitVector(
  buckets: FeatureBuckets,
  dimensions: number,
  weightOf?: (bucket: number) => number,
): Float32Array {
  const vector = new Float32Array(dimensions);
  let squares = 0;
  for (const [bucket, value] of buckets) {
    const weighted = weightOf ? value * weightOf(bucket) : value;
    vector[bucket] = weighted;
    squares += weighted * weighted;
  }
  if (squares > 0) {
    const scale = 1 / Math.sqrt(squares);
    for (let index = 0; index < dimensions; index++) vector[index]! *= scale;
  }
  return vector;
}
