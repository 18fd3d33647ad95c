import { Parser } from "htmlparser2";

/** One paragraph of the converted document. */
export interface Block {
  /** 1–6 for headings, 0 for everything else. */
  level: number;
  /** Title-page role from the Word style, when it has one. */
  role: "title" | "subtitle" | "author" | null;
  text: string;
}

const BLOCK_TAGS = new Set([
  "p",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "li",
  "pre",
  "blockquote",
  "td",
  "th",
]);
const NOTE_LINK = /^#(?:foot|end)note-/;

/**
 * Walks mammoth's HTML into paragraphs. A table row becomes one paragraph (cells joined by
 * spaces, so a contents table reads 'I Down the Rabbit-Hole'); note references and the
 * notes' back-links are dropped; the notes themselves come back separately.
 */
export function htmlBlocks(html: string): { blocks: Block[]; notes: string[] } {
  const blocks: Block[] = [];
  const notes: string[] = [];
  let text = "";
  let level = 0;
  let role: Block["role"] = null;
  let rowDepth = 0;
  let skipDepth = 0;
  let noteDepth = 0;
  let depth = 0;

  const flush = () => {
    const clean = text
      .replace(/[ \t\u00a0]+/g, " ")
      .replace(/ *\n */g, "\n")
      .trim();
    if (clean !== "") {
      if (noteDepth > 0) notes.push(clean.replace(/\s+/g, " "));
      else blocks.push({ level, role, text: clean.replace(/\n+/g, " ") });
    }
    text = "";
    level = 0;
    role = null;
  };

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        depth++;
        if (skipDepth > 0 || (name === "a" && NOTE_LINK.test(attributes.href ?? ""))) {
          skipDepth++;
          return;
        }
        if (name === "li" && /^(?:foot|end)note-\d+$/.test(attributes.id ?? "")) {
          flush();
          noteDepth = depth;
        }
        if (name === "tr") {
          flush();
          rowDepth++;
        } else if (name === "br") {
          text += "\n";
        } else if (BLOCK_TAGS.has(name)) {
          if (rowDepth > 0) text += " ";
          else flush();
          if (/^h[1-6]$/.test(name)) level = Number(name.slice(1));
          const className = attributes.class ?? "";
          if (className === "title" || className === "subtitle" || className === "author")
            role = className;
        }
      },
      ontext(data) {
        if (skipDepth === 0) text += data;
      },
      onclosetag(name) {
        if (skipDepth > 0) {
          skipDepth--;
        } else if (name === "tr") {
          rowDepth--;
          flush();
        } else if (BLOCK_TAGS.has(name) && rowDepth === 0) {
          flush();
        }
        if (noteDepth === depth) {
          flush();
          noteDepth = 0;
        }
        depth--;
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  flush();
  return { blocks, notes };
}
