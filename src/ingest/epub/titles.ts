import { isNumberOnlyLabel } from "../heading-patterns.js";
import type { Block } from "./content-blocks.js";
import { comparable } from "./toc-placement.js";

/**
 * A chapter's title and body from its blocks: the printed heading at its start is not part
 * of the text; sub-headings right after it (a stage direction, a part "I" inside a story)
 * stay in the text but are skipped by `bodyOffset`.
 */

export interface TitledText {
  title: string | null;
  /** The heading as printed, when the chapter starts with one. */
  printed: string | null;
  text: string;
  bodyOffset: number;
  /** Whether any block after the heading is prose rather than a heading. */
  hasProse: boolean;
}

const IMAGE_PLACEHOLDER = /\[\s*(image|illustration)[^\]]*\]/gi;

export function titleAndText(blocks: readonly Block[], label: string | null): TitledText {
  let consumed = 0;
  const first = blocks[0];
  if (
    first &&
    (first.heading > 0 || (label !== null && comparable(first.text) === comparable(label)))
  ) {
    consumed = 1;
    const second = blocks[1];
    const labelKey = label === null ? null : comparable(label);
    if (
      second &&
      second.heading >= first.heading &&
      isNumberOnlyLabel(cleanHeading(first.text)) &&
      !isNumberOnlyLabel(cleanHeading(second.text)) &&
      (labelKey === null || labelKey.includes(comparable(second.text))) &&
      blocks.slice(2).some((block) => block.heading === 0)
    ) {
      consumed = 2;
    }
  }
  const printed =
    consumed > 0
      ? cleanHeading(
          blocks
            .slice(0, consumed)
            .map((block) => block.text)
            .join(" "),
        )
      : null;
  const rest = blocks.slice(consumed);
  const leading = rest.findIndex((block) => block.heading === 0);
  const subHeadings = leading > 0 ? rest.slice(0, leading) : [];
  const text = rest.map((block) => block.text).join("\n\n");
  const bodyOffset = subHeadings.reduce((offset, block) => offset + block.text.length + 2, 0);
  return {
    title: chooseTitle(label, printed || null),
    printed: printed || null,
    text,
    bodyOffset,
    hasProse: leading !== -1,
  };
}

function cleanHeading(text: string): string {
  return text.replace(IMAGE_PLACEHOLDER, " ").replace(/\s+/g, " ").trim();
}

/**
 * The TOC label is curated and usually right; the printed heading wins when the label is
 * the heading with something stuck in front (an illustration caption), or when the heading
 * is the fuller form (number and title where the TOC only has the title).
 */
export function chooseTitle(label: string | null, printed: string | null): string | null {
  const cleanLabel = label?.replace(/\s+/g, " ").trim() || null;
  if (!cleanLabel) return printed;
  if (!printed) return cleanLabel;
  const labelKey = comparable(cleanLabel);
  const printedKey = comparable(printed);
  if (labelKey === printedKey || printedKey === "") return cleanLabel;
  if (labelKey.endsWith(printedKey) && !labelKey.startsWith(printedKey)) return printed;
  if (printedKey.includes(labelKey) && printedKey.length <= labelKey.length * 3) return printed;
  return cleanLabel;
}
