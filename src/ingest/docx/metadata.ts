import { Parser } from "htmlparser2";
import { matchHeading } from "../heading-patterns.js";
import type { ZipArchive } from "../zip.js";
import type { Block } from "./html-blocks.js";

export interface DocxMetadata {
  title: string | null;
  /** The title the document states (Title style or core properties), not one guessed from a heading. */
  statedTitle: string | null;
  author: string | null;
  language: string | null;
}

/**
 * Title, author and language. Core properties are often stale template values (a title of
 * 'CHAPTER I' copied from the first heading), so a paragraph in the Title style, or else
 * the first top-level heading, wins over a core title that looks like a chapter heading.
 */
export async function readMetadata(
  zip: ZipArchive,
  blocks: readonly Block[],
): Promise<DocxMetadata> {
  const core = zip.has("docProps/core.xml")
    ? elementTexts(await zip.readText("docProps/core.xml"))
    : new Map<string, string>();
  const styled = (role: Block["role"]) => blocks.find((block) => block.role === role)?.text ?? null;
  const coreTitle = core.get("title") ?? null;
  const firstTop =
    blocks.find((block) => block.level === 1 && !matchHeading(block.text))?.text ?? null;
  const statedTitle = styled("title") ?? (coreTitle && !matchHeading(coreTitle) ? coreTitle : null);
  const title = statedTitle ?? firstTop ?? coreTitle;
  const author = styled("author") ?? core.get("creator") ?? null;
  const language = core.get("language") ?? (await defaultLanguage(zip));
  return { title, statedTitle, author, language };
}

/** Text of the first element with each local name ('dc:title' → 'title'). */
function elementTexts(xml: string): Map<string, string> {
  const texts = new Map<string, string>();
  let current: string | null = null;
  let text = "";
  const parser = new Parser(
    {
      onopentag(name) {
        current = name.replace(/^.*:/, "").toLowerCase();
        text = "";
      },
      ontext(data) {
        text += data;
      },
      onclosetag(name) {
        const local = name.replace(/^.*:/, "").toLowerCase();
        const clean = text.replace(/\s+/g, " ").trim();
        if (local === current && clean !== "" && !texts.has(local)) texts.set(local, clean);
        current = null;
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(xml);
  return texts;
}

/** The document default language from styles.xml (<w:docDefaults> … <w:lang w:val="en-GB"/>). */
async function defaultLanguage(zip: ZipArchive): Promise<string | null> {
  if (!zip.has("word/styles.xml")) return null;
  const styles = await zip.readText("word/styles.xml");
  const defaults = /<w:docDefaults\b[\s\S]*?<\/w:docDefaults>/.exec(styles)?.[0] ?? "";
  return /<w:lang\b[^>]*\bw:val="([^"]+)"/.exec(defaults)?.[1] ?? null;
}
