/**
 * Sizes for v7 bodies. v7 is model-specific: some models read `width`/`height`, others only
 * `aspect_ratio`, so both are sent, derived from the same requested frame.
 */

/** Ratios the v7 models are known to accept; anything else snaps to the nearest. */
const KNOWN_RATIOS: ReadonlyArray<readonly [number, number]> = [
  [1, 1],
  [16, 9],
  [9, 16],
  [4, 3],
  [3, 4],
  [3, 2],
  [2, 3],
  [21, 9],
];

export function aspectRatioOf(width: number, height: number): string {
  const target = Math.log(width / height);
  let best = KNOWN_RATIOS[0]!;
  for (const candidate of KNOWN_RATIOS) {
    const distance = Math.abs(Math.log(candidate[0] / candidate[1]) - target);
    if (distance < Math.abs(Math.log(best[0] / best[1]) - target)) best = candidate;
  }
  return `${best[0]}:${best[1]}`;
}

const MIN_SIDE = 256;
const MAX_SIDE = 1024;

/**
 * Fits a frame into ModelsLab's documented 256–1024 px range, divisible by 8, keeping its
 * shape. `changed` tells the caller to warn: the image comes back smaller than asked.
 */
export function fitSize(
  width: number,
  height: number,
): { width: number; height: number; changed: boolean } {
  const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
  const grow = Math.max(1, MIN_SIDE / Math.min(width * scale, height * scale));
  const fitted = {
    width: clampToGrid(width * scale * grow),
    height: clampToGrid(height * scale * grow),
  };
  return { ...fitted, changed: fitted.width !== width || fitted.height !== height };
}

function clampToGrid(side: number): number {
  const rounded = Math.round(side / 8) * 8;
  return Math.min(MAX_SIDE, Math.max(MIN_SIDE, rounded));
}

/** `720p`-style resolution for video models that take one; undefined for unusual frames. */
export function resolutionOf(width: number, height: number): string | undefined {
  const shortSide = Math.min(width, height);
  return [480, 720, 1080].includes(shortSide) ? `${shortSide}p` : undefined;
}
