/**
 * Markdown (CommonMark and pandoc flavours) to a flat list of blocks: headings with their
 * level, and paragraphs still carrying inline markup. Also reads the document's metadata
 * from a pandoc title block ("% title", "% author", "% date") or YAML front matter.
 */
export type Block =
  | { type: "heading"; level: number; text: string }
  | { type: "paragraph"; text: string; raw?: boolean };

export interface MarkdownDocument {
  blocks: Block[];
  title: string | null;
  author: string | null;
  language: string | null;
}

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const THEMATIC_BREAK = /^\s*([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const FOOTNOTE_DEFINITION = /^ {0,3}\[\^[^\]]+\]:/;
const LINK_DEFINITION = /^ {0,3}\[[^\]]+\]:\s+\S+/;
const LIST_ITEM = /^\s*(?:[-*+]|\d{1,3}[.)])\s+/;

export function parseMarkdown(source: string): MarkdownDocument {
  const lines = source
    .replace(/\r\n?/g, "\n")
    .replace(/<!--[\s\S]*?-->/g, "")
    .split("\n");
  const meta = {
    title: null as string | null,
    author: null as string | null,
    language: null as string | null,
  };
  const start = readMetadata(lines, meta);
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0)
      blocks.push({ type: "paragraph", text: paragraph.map((line) => line.trim()).join(" ") });
    paragraph = [];
  };

  for (let index = start; index < lines.length; index++) {
    const line = lines[index] ?? "";
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const marker = fence[1] ?? "```";
      const code: string[] = [];
      while (++index < lines.length && !(lines[index] ?? "").trimStart().startsWith(marker))
        code.push(lines[index] ?? "");
      if (code.length > 0) blocks.push({ type: "paragraph", text: code.join("\n"), raw: true });
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      flush();
      blocks.push({ type: "heading", level: (atx[1] ?? "#").length, text: (atx[2] ?? "").trim() });
      continue;
    }
    const setext = SETEXT.exec(line);
    if (setext && paragraph.length > 0 && paragraph.length <= 2) {
      blocks.push({
        type: "heading",
        level: (setext[1] ?? "=").startsWith("=") ? 1 : 2,
        text: paragraph.join(" ").trim(),
      });
      paragraph = [];
      continue;
    }
    if (line.trim() === "" || THEMATIC_BREAK.test(line)) {
      flush();
      continue;
    }
    if (FOOTNOTE_DEFINITION.test(line) || LINK_DEFINITION.test(line)) {
      flush();
      if (FOOTNOTE_DEFINITION.test(line)) index = footnoteEnd(lines, index);
      continue;
    }
    if (LIST_ITEM.test(line)) flush();
    paragraph.push(
      line
        .replace(/^\s*(?:>\s?)+/, "")
        .replace(LIST_ITEM, "")
        .replace(/^\s*\|\s(?!.*\|\s*$)/, ""),
    );
  }
  flush();
  return { blocks, ...meta };
}

/** Last line of a footnote definition: lazy lines up to a blank line, then indented paragraphs. */
function footnoteEnd(lines: string[], start: number): number {
  let index = start + 1;
  while (index < lines.length) {
    const line = lines[index] ?? "";
    if (line.trim() === "") {
      if (!/^(?: {4}|\t)\S/.test(lines[index + 1] ?? "")) break;
    } else if (ATX.test(line) || FOOTNOTE_DEFINITION.test(line)) break;
    index++;
  }
  return index - 1;
}

/** Reads a pandoc title block or YAML front matter; returns the first line of the body. */
function readMetadata(
  lines: string[],
  meta: { title: string | null; author: string | null; language: string | null },
): number {
  if (lines[0]?.startsWith("%")) {
    const fields: string[] = [];
    let index = 0;
    while (
      index < lines.length &&
      (lines[index]?.startsWith("%") || /^ \S/.test(lines[index] ?? ""))
    ) {
      const line = lines[index] ?? "";
      if (line.startsWith("%")) fields.push(line.slice(1).trim());
      else fields[fields.length - 1] += ` ${line.trim()}`;
      index++;
    }
    meta.title = fields[0] || null;
    meta.author = fields[1]?.split(";")[0]?.trim() || null;
    return index;
  }
  if (lines[0]?.trim() === "---") {
    const end = lines.findIndex((line, index) => index > 0 && /^(---|\.\.\.)\s*$/.test(line));
    if (end > 0) {
      for (const line of lines.slice(1, end)) {
        const field = /^(title|author|lang|language)\s*:\s*["']?(.*?)["']?\s*$/i.exec(line);
        if (!field || (field[2] ?? "") === "") continue;
        const key = (field[1] ?? "").toLowerCase();
        if (key === "title") meta.title ??= field[2] ?? null;
        else if (key === "author") meta.author ??= field[2] ?? null;
        else meta.language ??= field[2] ?? null;
      }
      return end + 1;
    }
  }
  return 0;
}
