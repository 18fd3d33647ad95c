import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { isLitinkError } from "../../errors/app-error.js";
import { defaultIngestLimits, type ReadContext } from "../types.js";
import { openZip } from "../zip.js";
import { htmlBlocks } from "./html-blocks.js";
import { readDocx } from "./index.js";

const context: ReadContext = { file: "book.docx", limits: defaultIngestLimits };
const MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const BETA = "http://schemas.openxmlformats.org/wordprocessingml/2006/2/main";

function paragraph(text: string, style?: string): string {
  const properties = style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : "";
  return `<w:p>${properties}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
}

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="${MAIN}">
  <w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault></w:docDefaults>
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
  <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>
  <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style>
</w:styles>`;

interface Options {
  root?: string;
  namespace?: string;
  mainPart?: string;
  core?: string;
}

function buildDocx(paragraphs: string[], options: Options = {}): Buffer {
  const { root = "document", namespace = MAIN, mainPart = "word/document.xml" } = options;
  const files: Record<string, Uint8Array> = {
    "[Content_Types].xml": strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
  <Default Extension="xml" ContentType="application/xml"/>
  <Override PartName="/${mainPart}" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
  <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
</Types>`),
    "_rels/.rels": strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${mainPart}"/>
</Relationships>`),
    [`word/_rels/${mainPart.replace(/^word\//, "")}.rels`]:
      strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>`),
    [mainPart]: strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:${root} xmlns:w="${namespace}"><w:body>${paragraphs.join("")}</w:body></w:${root}>`),
    "word/styles.xml": strToU8(STYLES),
  };
  if (options.core) files["docProps/core.xml"] = strToU8(options.core);
  return Buffer.from(zipSync(files));
}

async function read(buffer: Buffer) {
  const zip = await openZip(buffer, context, "DOCX");
  try {
    return await readDocx(buffer, zip, context);
  } finally {
    zip.close();
  }
}

const PROSE = "Alice was beginning to get very tired of sitting by her sister on the bank.";
/** Chapters long enough that the text rules do not take their headings for a contents list. */
const LONG = Array.from({ length: 8 }, () => PROSE).join(" ");

describe("readDocx with heading styles", () => {
  it("joins a number-only heading with the title heading after it and skips non-chapter headings", async () => {
    const book = await read(
      buildDocx(
        [
          paragraph("Alice's Adventures in Wonderland", "Heading1"),
          paragraph("Lewis Carroll", "Heading2"),
          paragraph("Contents:", "Heading2"),
          paragraph("I Down the Rabbit-Hole"),
          paragraph("CHAPTER I", "Heading2"),
          paragraph("Down the Rabbit-Hole", "Heading2"),
          paragraph(PROSE),
          paragraph("So she was considering in her own mind."),
          paragraph("CHAPTER II", "Heading2"),
          paragraph("The Pool of Tears", "Heading2"),
          paragraph("Curiouser and curiouser! cried Alice."),
          paragraph("THE END", "Heading2"),
        ],
        {
          core: `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>CHAPTER I</dc:title><dc:creator>A Typist</dc:creator></cp:coreProperties>`,
        },
      ),
    );
    const body = book.chapters.filter((chapter) => chapter.kind === "body");
    expect(body.map((chapter) => chapter.title)).toEqual([
      "CHAPTER I Down the Rabbit-Hole",
      "CHAPTER II The Pool of Tears",
    ]);
    expect(body[0]?.text).toBe(`${PROSE}\n\nSo she was considering in her own mind.`);
    expect(body[0]?.part).toBeNull();
    expect(book.title).toBe("Alice's Adventures in Wonderland");
    expect(book.language).toBe("en-GB");
  });

  it("makes repeated shallower headings the parts of the chapters under them", async () => {
    const book = await read(
      buildDocx([
        paragraph("BOOK ONE", "Heading1"),
        paragraph("Chapter 1", "Heading2"),
        paragraph(PROSE),
        paragraph("Chapter 2", "Heading2"),
        paragraph(PROSE),
        paragraph("BOOK TWO", "Heading1"),
        paragraph("Chapter 1", "Heading2"),
        paragraph(PROSE),
      ]),
    );
    expect(book.chapters.map((chapter) => [chapter.title, chapter.part, chapter.kind])).toEqual([
      ["Chapter 1", "BOOK ONE", "body"],
      ["Chapter 2", "BOOK ONE", "body"],
      ["Chapter 1", "BOOK TWO", "body"],
    ]);
  });

  it("keeps numbered sections inside stories and starts the story after its first section heading", async () => {
    const book = await read(
      buildDocx([
        paragraph("A Scandal in Bohemia", "Heading1"),
        paragraph("I", "Heading2"),
        paragraph(LONG),
        paragraph("II", "Heading2"),
        paragraph(LONG),
        paragraph("The Red-Headed League", "Heading1"),
        paragraph(LONG),
        paragraph("A Case of Identity", "Heading1"),
        paragraph(LONG),
      ]),
    );
    expect(book.chapters.map((chapter) => [chapter.title, chapter.kind])).toEqual([
      ["A Scandal in Bohemia", "body"],
      ["The Red-Headed League", "body"],
      ["A Case of Identity", "body"],
    ]);
    const first = book.chapters[0]!;
    expect(first.text.startsWith("I\n\nAlice")).toBe(true);
    expect(first.text.slice(first.bodyOffset ?? 0).startsWith("Alice was")).toBe(true);
  });

  it("finds the main part through the package relationships", async () => {
    const buffer = buildDocx(
      [
        paragraph("Chapter 1", "Heading1"),
        paragraph(PROSE),
        paragraph("Chapter 2", "Heading1"),
        paragraph(PROSE),
      ],
      {
        mainPart: "word/main.xml",
      },
    );
    const book = await read(buffer);
    expect(book.chapters.filter((chapter) => chapter.kind === "body")).toHaveLength(2);
  });
});

describe("readDocx without heading styles", () => {
  it("falls back to the plain-text chapter rules", async () => {
    const book = await read(
      buildDocx([
        paragraph("Alice's Adventures in Wonderland", "Title"),
        paragraph("CHAPTER I. Down the Rabbit-Hole"),
        paragraph(LONG),
        paragraph(LONG),
        paragraph("CHAPTER II. The Pool of Tears"),
        paragraph(LONG),
        paragraph(LONG),
        paragraph("CHAPTER III. A Caucus-Race and a Long Tale"),
        paragraph(LONG),
        paragraph(LONG),
      ]),
    );
    const body = book.chapters.filter((chapter) => chapter.kind === "body");
    expect(body.map((chapter) => chapter.title)).toEqual([
      "CHAPTER I. Down the Rabbit-Hole",
      "CHAPTER II. The Pool of Tears",
      "CHAPTER III. A Caucus-Race and a Long Tale",
    ]);
    expect(body[0]?.text).toBe(`${LONG}\n\n${LONG}`);
  });
});

describe("readDocx refusals", () => {
  it("refuses Office 2007 beta WordprocessingML as DocxUnreadable", async () => {
    const buffer = buildDocx([paragraph("Chapter 1", "Heading1"), paragraph(PROSE)], {
      root: "wordDocument",
      namespace: BETA,
    });
    const error = await read(buffer).catch((caught: unknown) => caught);
    expect(isLitinkError(error) && error.name).toBe("DocxUnreadable");
    expect(isLitinkError(error) && error.exitCode).toBe(65);
    expect(isLitinkError(error) && error.message).toContain("<w:wordDocument>");
  });
});

describe("htmlBlocks", () => {
  it("reads a table row as one paragraph and drops note references", () => {
    const html =
      "<h2>Contents</h2><table><tr><td><p>I</p></td><td><p>Down the Rabbit-Hole</p></td></tr></table>" +
      '<p>Text<sup><a href="#footnote-1" id="footnote-ref-1">[1]</a></sup> goes on.</p>' +
      '<ol><li id="footnote-1"><p>A note. <a href="#footnote-ref-1">↑</a></p></li></ol>';
    const { blocks, notes } = htmlBlocks(html);
    expect(blocks.map((block) => [block.level, block.text])).toEqual([
      [2, "Contents"],
      [0, "I Down the Rabbit-Hole"],
      [0, "Text goes on."],
    ]);
    expect(notes).toEqual(["A note."]);
  });
});
