import type { FormGroup } from "./merge-forms.js";
import { detectQuoteStyle, splitQuotes } from "./quotes.js";
import { nameKey } from "./speaker.js";
import { tagAfter, tagBefore } from "./tags.js";

/**
 * How many quotes each group is the named speaker of ("said Alice", "the Hatter went on").
 * Only named tags count here: pronouns need the cast the finder is still building.
 */
export function countSpeaking(
  chapters: ReadonlyArray<{ index: number; text: string }>,
  groups: readonly FormGroup[],
): number[] {
  const groupOf = new Map<string, number>();
  groups.forEach((group, position) => {
    for (const entry of group.forms) groupOf.set(nameKey(entry.form), position);
  });
  const counts = groups.map(() => 0);
  for (const chapter of chapters) {
    const style = detectQuoteStyle(chapter.text);
    for (const paragraph of chapter.text.split(/\n\s*\n/)) {
      const segments = splitQuotes(paragraph, style);
      segments.forEach((segment, position) => {
        if (segment.kind !== "narration") return;
        const after =
          position > 0 && segments[position - 1]?.kind === "quote" ? tagAfter(segment.text) : null;
        const before =
          after === null && segments[position + 1]?.kind === "quote"
            ? tagBefore(segment.text)
            : null;
        const tag = after ?? before;
        const group = tag ? groupOf.get(nameKey(tag.subject)) : undefined;
        if (group !== undefined) counts[group]! += 1;
      });
    }
  }
  return counts;
}
