/**
 * Stable ids, derived from chapter and position only (never from time or randomness), so a
 * rerun names everything the same and a cache key built from ids stays valid.
 */
export function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

export function sceneId(chapter: number, scene: number): string {
  return `ch${pad(chapter, 2)}-sc${pad(scene, 2)}`;
}

export function shotId(chapter: number, scene: number, shot: number): string {
  return `${sceneId(chapter, scene)}-sh${pad(shot, 2)}`;
}

export function lineId(chapter: number, scene: number, line: number): string {
  return `${sceneId(chapter, scene)}-ln${pad(line, 3)}`;
}
