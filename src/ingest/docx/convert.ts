import { litinkError } from "../../errors/catalog.js";

/**
 * Word styles mapped to the HTML this reader understands: heading levels by style name and
 * by style id (documents written by tools that omit styles.xml still say `Heading1`), and
 * the title-page styles kept apart as classes so they never count as chapter headings.
 */
const STYLE_MAP = [
  ...[1, 2, 3, 4, 5, 6].flatMap((level) => [
    `p[style-name='heading ${level}'] => h${level}:fresh`,
    `p.Heading${level} => h${level}:fresh`,
    `p.heading${level} => h${level}:fresh`,
  ]),
  "p[style-name='Title'] => p.title:fresh",
  "p.Title => p.title:fresh",
  "p[style-name='Subtitle'] => p.subtitle:fresh",
  "p[style-name='Author'] => p.author:fresh",
];

/** DOCX → HTML with mammoth (loaded on first use); images are dropped without being read. */
export async function docxToHtml(
  buffer: Buffer,
  file: string,
): Promise<{ html: string; warnings: string[] }> {
  const { default: mammoth } = await import("mammoth");
  try {
    const result = await mammoth.convertToHtml(
      { buffer },
      { styleMap: STYLE_MAP, convertImage: mammoth.images.imgElement(async () => ({ src: "" })) },
    );
    const errors = result.messages.filter((message) => message.type === "error");
    return { html: result.value, warnings: errors.map((message) => message.message) };
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/\.$/, "") : String(error);
    throw litinkError("DocxUnreadable", { file, detail: `the converter failed: ${detail}` }, error);
  }
}
