import { litinkError } from "../errors/catalog.js";

/** "3" or "1,4-6" → [1, 4, 5, 6]; `flag` names the option in the usage error. */
export function chapterList(value: string, flag: string): number[] {
  const chapters = new Set<number>();
  for (const part of value.split(",")) {
    const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    const from = Number(match?.[1]);
    const to = Number(match?.[2] ?? match?.[1]);
    if (!match || from < 1 || to < from || to - from > 10_000)
      throw litinkError("UsageError", {
        detail: `${flag} wants numbers and ranges like 3 or 1,4-6, not "${value}"`,
      });
    for (let chapter = from; chapter <= to; chapter++) chapters.add(chapter);
  }
  return [...chapters];
}
