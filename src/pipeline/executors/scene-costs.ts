import type { Screenplay } from "../../script/schema.js";
import type { Db } from "../../store/db.js";

/**
 * USD spent per scene, for the storyboard: the ledger's rows for this book whose task made a
 * scene's media (`image:`/`clip:<shot id>`, `speech:<line id>` — the tasks whose `scene` is
 * that scene), over every run, so a scene paid for yesterday and cached today still shows
 * what it cost. Portraits serve the whole book and belong to no scene.
 */
export function sceneCosts(
  db: Db,
  bookId: string,
  screenplays: readonly Screenplay[],
): Map<string, number> {
  const sceneOf = new Map<string, string>();
  for (const screenplay of screenplays)
    for (const scene of screenplay.scenes) {
      for (const shot of scene.shots) {
        sceneOf.set(`image:${shot.id}`, scene.id);
        sceneOf.set(`clip:${shot.id}`, scene.id);
      }
      for (const line of scene.lines) sceneOf.set(`speech:${line.id}`, scene.id);
    }
  const rows = db
    .prepare(
      "SELECT task_id, SUM(usd) AS usd FROM usage WHERE book_id = ? AND task_id IS NOT NULL GROUP BY task_id",
    )
    .all(bookId) as Array<{ task_id: string; usd: number }>;
  const costs = new Map<string, number>();
  for (const row of rows) {
    const scene = sceneOf.get(row.task_id);
    if (scene !== undefined) costs.set(scene, (costs.get(scene) ?? 0) + row.usd);
  }
  // Scenes nobody paid for cost $0 (offline), which the page shows rather than "—".
  for (const scene of new Set(sceneOf.values())) if (!costs.has(scene)) costs.set(scene, 0);
  return costs;
}
