import { describe, expect, it } from "vitest";
import { isLitinkError } from "../../errors/app-error.js";
import { defaultIngestLimits, type ReadContext } from "../types.js";
import { readPdf } from "./index.js";

const context: ReadContext = { file: "book.pdf", limits: defaultIngestLimits };

interface Run {
  text: string;
  size: number;
  x: number;
  y: number;
}
interface OutlineSpec {
  title: string;
  /** Zero-based page index; omitted for a bookmark without a destination (an advert). */
  page?: number;
  children?: OutlineSpec[];
}

/** A minimal, valid PDF written by hand: Helvetica text runs, optional bookmarks and info. */
function buildPdf(
  pages: Run[][],
  outline: OutlineSpec[] = [],
  info: Record<string, string> = {},
): Buffer {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body);
  const literal = (text: string) =>
    text.replace(/[\\()]/g, (c) => `\\${c}`).replace(/\v/g, "\\013");
  add(""); // 1: catalog, filled in below
  add(""); // 2: page tree
  add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  const pageIds: number[] = [];
  for (const runs of pages) {
    const stream = runs
      .map((run) => `BT /F1 ${run.size} Tf ${run.x} ${run.y} Td (${literal(run.text)}) Tj ET`)
      .join("\n");
    add(`<< /Length ${Buffer.byteLength(stream, "latin1")} >>\nstream\n${stream}\nendstream`);
    add(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 600] /Resources << /Font << /F1 3 0 R >> >> /Contents ${objects.length} 0 R >>`,
    );
    pageIds.push(objects.length);
  }
  objects[1] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pageIds.length} >>`;
  let outlineRoot = "";
  if (outline.length > 0) {
    add("");
    const rootId = objects.length;
    const writeLevel = (items: OutlineSpec[], parent: number): number[] => {
      const ids = items.map(() => {
        add("");
        return objects.length;
      });
      items.forEach((item, index) => {
        const id = ids[index]!;
        const kids = item.children ? writeLevel(item.children, id) : [];
        const links = [
          index > 0 ? `/Prev ${ids[index - 1]} 0 R` : "",
          index < ids.length - 1 ? `/Next ${ids[index + 1]} 0 R` : "",
          kids.length > 0
            ? `/First ${kids[0]} 0 R /Last ${kids.at(-1)} 0 R /Count ${kids.length}`
            : "",
          item.page === undefined ? "" : `/Dest [${pageIds[item.page]} 0 R /XYZ null 600 null]`,
        ].join(" ");
        objects[id - 1] = `<< /Title (${literal(item.title)}) /Parent ${parent} 0 R ${links} >>`;
      });
      return ids;
    };
    const top = writeLevel(outline, rootId);
    objects[rootId - 1] =
      `<< /Type /Outlines /First ${top[0]} 0 R /Last ${top.at(-1)} 0 R /Count ${top.length} >>`;
    outlineRoot = ` /Outlines ${rootId} 0 R`;
  }
  objects[0] = `<< /Type /Catalog /Pages 2 0 R${outlineRoot} >>`;
  const entries = Object.entries(info).map(([key, value]) => `/${key} (${literal(value)})`);
  add(`<< ${entries.join(" ")} >>`);
  const infoId = objects.length;

  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body, "latin1"));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, "latin1");
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("");
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${infoId} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

const PROSE = [
  "It was a bright cold day in April, and the clocks were",
  "striking thirteen. Winston Smith, his chin nuzzled into his",
  "breast in an effort to escape the vile wind, slipped quickly",
];

/** A chapter page: running header, heading lines, body lines (one indented paragraph start), page number. */
function chapterPage(pageNumber: number, heading: string[], body: string[]): Run[] {
  const runs: Run[] = [{ text: "The Test Book", size: 10, x: 50, y: 570 }];
  heading.forEach((text, index) => {
    runs.push({ text, size: 20, x: 50, y: 520 - index * 26 });
  });
  let y = 520 - heading.length * 26 - 20;
  body.forEach((text, index) => {
    const indented = index === 0 || text.startsWith("But") || text.startsWith("Then");
    runs.push({ text, size: 12, x: indented ? 65 : 50, y });
    y -= 14;
  });
  runs.push({ text: String(pageNumber), size: 10, x: 195, y: 30 });
  return runs;
}

function sampleBook(): Run[][] {
  return [
    [
      { text: "The Test Book", size: 24, x: 60, y: 400 },
      { text: "by Ann Author", size: 14, x: 60, y: 360 },
    ],
    chapterPage(
      2,
      ["Chapter I", "The Beginning"],
      [
        ...PROSE,
        "But somebody won-",
        "dered at the hot-",
        "tempered and sweet-tempered man on a hot day.",
      ],
    ),
    chapterPage(
      3,
      [],
      [
        "The story goes on and on across the page for a",
        "while, with nothing in particular to report about it.",
        "Then a new paragraph starts here and continues.",
      ],
    ),
    chapterPage(4, ["Chapter II", "The Middle Of The Long Story"], [...PROSE]),
    chapterPage(5, ["Chapter III", "The End Of It"], [...PROSE]),
  ];
}

describe("readPdf with bookmarks", () => {
  it("takes chapters from the outline and titles from the printed headings", async () => {
    const outline: OutlineSpec[] = [
      { title: "The Beginning", page: 1 },
      { title: "The Middle Of The Lo", page: 3 },
      { title: "The End Of It", page: 4 },
      { title: "Visit our web site" },
    ];
    const book = await readPdf(
      buildPdf(sampleBook(), outline, { Title: "The Test Book", Author: "Ann Author" }),
      context,
    );
    const body = book.chapters.filter((chapter) => chapter.kind === "body");
    expect(body.map((chapter) => chapter.title)).toEqual([
      "Chapter I The Beginning",
      "Chapter II The Middle Of The Long Story",
      "Chapter III The End Of It",
    ]);
    expect(book.title).toBe("The Test Book");
    expect(book.author).toBe("Ann Author");
    const first = body[0]!.text;
    expect(first.startsWith("It was a bright cold day in April")).toBe(true);
    expect(first).toContain("somebody wondered at the hot-tempered");
    expect(first).not.toContain("The Test Book");
    expect(first).not.toMatch(/\b[23]\b/);
    expect(first.split("\n\n")).toHaveLength(4);
  });

  it("uses leaf bookmarks as chapters and their parents as parts, splitting glued labels", async () => {
    const pages = sampleBook();
    const outline: OutlineSpec[] = [
      {
        title: "The Test Book",
        page: 0,
        children: [
          {
            title: "BOOK ONE\u000bTHE START",
            page: 1,
            children: [
              { title: "CHAPTER ONETHE BEGINNING", page: 1 },
              { title: "CHAPTER TWO THE MIDDLE", page: 3 },
            ],
          },
          {
            title: "BOOK TWO THE REST",
            page: 4,
            children: [{ title: "CHAPTER ONE THE END", page: 4 }],
          },
        ],
      },
    ];
    const book = await readPdf(buildPdf(pages, outline), context);
    const body = book.chapters.filter((chapter) => chapter.kind === "body");
    // The labels differ from the printed headings here, so the (cleaned) labels are kept.
    expect(body.map((chapter) => [chapter.title, chapter.part])).toEqual([
      ["CHAPTER ONE THE BEGINNING", "BOOK ONE THE START"],
      ["CHAPTER TWO THE MIDDLE", "BOOK ONE THE START"],
      ["CHAPTER ONE THE END", "BOOK TWO THE REST"],
    ]);
    expect(body[0]?.text.startsWith("It was a bright cold day")).toBe(true);
  });
});

describe("readPdf without bookmarks", () => {
  it("finds chapters from large-type numbered headings", async () => {
    const book = await readPdf(buildPdf(sampleBook()), context);
    const body = book.chapters.filter((chapter) => chapter.kind === "body");
    expect(body.map((chapter) => chapter.title)).toEqual([
      "Chapter I The Beginning",
      "Chapter II The Middle Of The Long Story",
      "Chapter III The End Of It",
    ]);
    expect(book.chapters[0]?.kind).toBe("front");
  });
});

describe("readPdf refusals", () => {
  it("refuses a PDF without a text layer as PdfNoText", async () => {
    const error = await readPdf(buildPdf([[], []]), context).catch((caught: unknown) => caught);
    expect(isLitinkError(error) && error.name).toBe("PdfNoText");
    expect(isLitinkError(error) && error.exitCode).toBe(65);
  });

  it("refuses a truncated PDF as PdfUnreadable", async () => {
    const whole = buildPdf(sampleBook());
    const error = await readPdf(whole.subarray(0, 40), context).catch((caught: unknown) => caught);
    expect(isLitinkError(error) && error.name).toBe("PdfUnreadable");
    expect(isLitinkError(error) && error.exitCode).toBe(65);
  });
});
