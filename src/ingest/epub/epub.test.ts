import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { defaultIngestLimits, type ParsedBook } from "../types.js";
import { openZip } from "../zip.js";
import { readEpub } from "./index.js";

const CONTAINER = `<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>`;

interface Item {
  id: string;
  href: string;
  body?: string;
  mediaType?: string;
  properties?: string;
  linear?: boolean;
  inSpine?: boolean;
  raw?: string;
}

function xhtml(body: string, bodyType = ""): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>t</title><style>p { color: red }</style></head>
<body${bodyType ? ` epub:type="${bodyType}"` : ""}>${body}</body></html>`;
}

function epub(options: {
  items: Item[];
  metadata?: string;
  extra?: Record<string, string>;
  container?: string | null;
  version?: string;
  guide?: string;
}): Uint8Array {
  const manifest = options.items
    .map(
      (item) =>
        `<item id="${item.id}" href="${item.href}" media-type="${item.mediaType ?? "application/xhtml+xml"}"${item.properties ? ` properties="${item.properties}"` : ""}/>`,
    )
    .join("\n");
  const spine = options.items
    .filter((item) => item.inSpine !== false)
    .map((item) => `<itemref idref="${item.id}"${item.linear === false ? ' linear="no"' : ""}/>`)
    .join("\n");
  const hasNcx = options.items.some((item) => item.mediaType === "application/x-dtbncx+xml");
  const opf = `<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="${options.version ?? "3.0"}" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">${options.metadata ?? "<dc:title>Test Book</dc:title><dc:language>en-GB</dc:language>"}</metadata>
  <manifest>${manifest}</manifest>
  <spine${hasNcx ? ' toc="ncx"' : ""}>${spine}</spine>${options.guide ?? ""}
</package>`;
  const files: Record<string, Uint8Array> = { mimetype: strToU8("application/epub+zip") };
  if (options.container !== null)
    files["META-INF/container.xml"] = strToU8(options.container ?? CONTAINER);
  files["OEBPS/content.opf"] = strToU8(opf);
  for (const item of options.items) {
    files[`OEBPS/${decodeURIComponent(item.href)}`] = strToU8(item.raw ?? xhtml(item.body ?? ""));
  }
  for (const [name, content] of Object.entries(options.extra ?? {})) files[name] = strToU8(content);
  return zipSync(files);
}

async function read(bytes: Uint8Array): Promise<ParsedBook> {
  const context = { file: "test.epub", limits: defaultIngestLimits };
  const zip = await openZip(Buffer.from(bytes), context, "EPUB");
  try {
    return await readEpub(zip, context);
  } finally {
    zip.close();
  }
}

function bodies(book: ParsedBook) {
  return book.chapters.filter((chapter) => chapter.kind === "body");
}

const prose = (words: string) =>
  `<p>${words} ${"and the story went on quietly for a while. ".repeat(8)}</p>`;

function nav(list: string, landmarks = ""): Item {
  return {
    id: "nav",
    href: "nav.xhtml",
    properties: "nav",
    linear: false,
    raw: xhtml(`<nav epub:type="toc"><ol>${list}</ol></nav>${landmarks}`),
  };
}

function ncx(points: string): Item {
  return {
    id: "ncx",
    href: "toc.ncx",
    mediaType: "application/x-dtbncx+xml",
    inSpine: false,
    raw: `<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><navMap>${points}</navMap>
      <pageList><pageTarget><navLabel><text>1</text></navLabel><content src="one.xhtml"/></pageTarget></pageList></ncx>`,
  };
}

const point = (label: string, src: string, children = "") =>
  `<navPoint><navLabel><text>${label}</text></navLabel><content src="${src}"/>${children}</navPoint>`;

describe("readEpub: package and metadata", () => {
  it("reads title, joins several creators and keeps the primary language subtag", async () => {
    const book = await read(
      epub({
        metadata: `<dc:title id="t">Main Title</dc:title><meta refines="#t" property="title-type">main</meta>
          <dc:title>Subtitle</dc:title><dc:creator>Ann Author</dc:creator><dc:creator>Bob Writer</dc:creator>
          <dc:contributor>Ed Itor</dc:contributor><dc:language>pt-BR</dc:language>`,
        items: [{ id: "one", href: "one.xhtml", body: `<h1>One</h1>${prose("Opening")}` }],
      }),
    );
    expect(book).toMatchObject({
      title: "Main Title",
      author: "Ann Author; Bob Writer",
      language: "pt",
    });
  });

  it("rejects an EPUB without container, without rootfile, or with a missing package document", async () => {
    const items = [{ id: "one", href: "one.xhtml", body: prose("Text") }];
    await expect(read(epub({ items, container: null }))).rejects.toMatchObject({
      name: "EpubInvalid",
    });
    const noRootfile = `<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles/></container>`;
    await expect(read(epub({ items, container: noRootfile }))).rejects.toMatchObject({
      name: "EpubInvalid",
    });
    const elsewhere = CONTAINER.replace("OEBPS/content.opf", "OEBPS/missing.opf");
    await expect(read(epub({ items, container: elsewhere }))).rejects.toMatchObject({
      name: "EpubInvalid",
    });
  });
});

describe("readEpub: DRM", () => {
  const items = [{ id: "one", href: "one.xhtml", body: `<h1>One</h1>${prose("Text")}` }];
  const encryption = (
    algorithm: string,
  ) => `<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"
    xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod Algorithm="${algorithm}"/>
    <enc:CipherData><enc:CipherReference URI="OEBPS/one.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>`;

  it("rejects content encryption and DRM licence files", async () => {
    const aes = {
      "META-INF/encryption.xml": encryption("http://www.w3.org/2001/04/xmlenc#aes128-cbc"),
    };
    await expect(read(epub({ items, extra: aes }))).rejects.toMatchObject({
      name: "DrmProtected",
      exitCode: 65,
    });
    const adept = { "META-INF/rights.xml": "<rights/>" };
    await expect(read(epub({ items, extra: adept }))).rejects.toMatchObject({
      name: "DrmProtected",
    });
  });

  it("accepts font obfuscation alone", async () => {
    const fonts = { "META-INF/encryption.xml": encryption("http://www.idpf.org/2008/embedding") };
    expect(bodies(await read(epub({ items, extra: fonts })))).toHaveLength(1);
  });
});

describe("readEpub: chapters from the table of contents", () => {
  it("splits one spine file at the nav anchors and prefers the nav over a broken NCX", async () => {
    const book = await read(
      epub({
        items: [
          nav(
            `<li><a href="all.xhtml#c1">Chapter 1</a></li><li><a href="all.xhtml#c2">Chapter 2</a></li>`,
          ),
          ncx(point("Chapter 1", "all.xhtml#wrong1") + point("Chapter 2", "all.xhtml#wrong2")),
          {
            id: "all",
            href: "all.xhtml",
            body: `<h1>Book</h1><section id="c1"><h2>Chapter 1</h2>${prose("First")}</section>
              <section id="c2"><h2>Chapter 2</h2>${prose("Second")}</section>`,
          },
          {
            id: "svg",
            href: "rect.svg",
            mediaType: "image/svg+xml",
            raw: "<svg><text>not prose</text></svg>",
          },
        ],
      }),
    );
    expect(bodies(book).map((chapter) => [chapter.title, chapter.text.slice(0, 6)])).toEqual([
      ["Chapter 1", "First "],
      ["Chapter 2", "Second"],
    ]);
    expect(book.warnings).toEqual([]);
  });

  it("falls back to the headings when the only TOC has broken anchors", async () => {
    const book = await read(
      epub({
        version: "2.0",
        items: [
          ncx(point("Chapter 1", "all.xhtml#gone1") + point("Chapter 2", "all.xhtml#gone2")),
          {
            id: "all",
            href: "all.xhtml",
            body: `<h2>Chapter 1</h2>${prose("First")}<h2>Chapter 2</h2>${prose("Second")}`,
          },
        ],
      }),
    );
    expect(bodies(book).map((chapter) => chapter.text.slice(0, 6))).toEqual(["First ", "Second"]);
    expect(book.warnings.join(" ")).toMatch(/missing anchor/);
  });

  it("takes chapters at the leaf level with their part, in nested and in flat NCX style", async () => {
    const chapters = (file: string, names: string[]) =>
      names
        .map(
          (name) =>
            `<div id="${name}"><h2>CHAPTER ${name}</h2>${prose(`In ${file} ${name}.`)}</div>`,
        )
        .join("");
    const book = await read(
      epub({
        version: "2.0",
        items: [
          ncx(
            point(
              "PART I",
              "p1.xhtml#top",
              point("CHAPTER I", "p1.xhtml#I") + point("CHAPTER II", "p1.xhtml#II"),
            ) +
              point("PART II", "p2.xhtml") +
              point("CHAPTER I", "p2.xhtml#I") +
              point("EPILOGUE", "ep.xhtml", point("I", "ep.xhtml#e1")),
          ),
          {
            id: "p1",
            href: "p1.xhtml",
            body: `<h1 id="top">PART I</h1>${chapters("p1", ["I", "II"])}`,
          },
          { id: "p2", href: "p2.xhtml", body: `<h1>PART II</h1>${chapters("p2", ["I"])}` },
          {
            id: "ep",
            href: "ep.xhtml",
            body: `<h1>EPILOGUE</h1><h3 id="e1">I</h3>${prose("After all.")}`,
          },
        ],
      }),
    );
    expect(bodies(book).map((chapter) => [chapter.title, chapter.part])).toEqual([
      ["CHAPTER I", "PART I"],
      ["CHAPTER II", "PART I"],
      ["CHAPTER I", "PART II"],
      ["I", "EPILOGUE"],
    ]);
  });

  it("keeps the sub-divisions of a story inside it and skips its sub-heading with bodyOffset", async () => {
    const story = (id: string) =>
      `<article id="${id}"><h2>Story ${id}</h2><section id="${id}-1"><h3>I</h3>${prose("Once")}</section>
        <section id="${id}-2"><h3>II</h3>${prose("Later")}</section></article>`;
    const book = await read(
      epub({
        items: [
          nav(
            `<li><a href="a.xhtml">Story a</a><ol><li><a href="a.xhtml#a-1">I</a></li><li><a href="a.xhtml#a-2">II</a></li></ol></li>
             <li><a href="b.xhtml">Story b</a></li><li><a href="c.xhtml">Story c</a></li>`,
          ),
          { id: "a", href: "a.xhtml", body: story("a") },
          { id: "b", href: "b.xhtml", body: `<h2>Story b</h2>${prose("Bee")}` },
          { id: "c", href: "c.xhtml", body: `<h2>Story c</h2>${prose("Sea")}` },
        ],
      }),
    );
    const [first] = bodies(book);
    expect(bodies(book)).toHaveLength(3);
    expect(first?.text.startsWith("I\n\nOnce")).toBe(true);
    expect(first?.text.slice(first.bodyOffset ?? 0).startsWith("Once")).toBe(true);
    expect(first?.text).toContain("II\n\nLater");
  });

  it("prefers the printed heading when the TOC label carries an illustration caption", async () => {
    const book = await read(
      epub({
        version: "2.0",
        items: [
          ncx(point("He rode a black horse. CHAPTER III.", "c.xhtml#h")),
          {
            id: "c",
            href: "c.xhtml",
            body: `<h2 id="h"><span>[Image unavailable.]</span><br/><span class="caption">He rode a black horse.</span><br/>CHAPTER III.</h2>${prose("Not all")}`,
          },
        ],
      }),
    );
    expect(bodies(book)[0]?.title).toBe("CHAPTER III.");
  });

  it("splits a single-entry TOC at the headings in the text", async () => {
    const book = await read(
      epub({
        items: [
          nav(`<li><a href="all.xhtml">The Whole Book</a></li>`),
          {
            id: "all",
            href: "all.xhtml",
            body: `<h1>The Whole Book</h1><h2>One</h2>${prose("Un")}<h2>Two</h2>${prose("Deux")}`,
          },
        ],
      }),
    );
    expect(bodies(book).map((chapter) => chapter.title)).toEqual(["One", "Two"]);
  });
});

describe("readEpub: front and back matter", () => {
  it("uses landmarks, epub:type, linear=no and titles", async () => {
    const book = await read(
      epub({
        items: [
          { id: "cover", href: "cover.xhtml", body: `<p>Cover words</p>`, linear: false },
          nav(
            `<li><a href="title.xhtml">Title</a></li><li><a href="ded.xhtml">For Mother</a></li>
             <li><a href="one.xhtml">The Start</a></li><li><a href="two.xhtml">The Middle</a></li>
             <li><a href="notes.xhtml">Notes</a></li><li><a href="col.xhtml">Made by</a></li>`,
            `<nav epub:type="landmarks"><ol><li><a epub:type="dedication" href="ded.xhtml">Dedication</a></li></ol></nav>`,
          ),
          {
            id: "title",
            href: "title.xhtml",
            body: `<section epub:type="titlepage"><h1>Test Book</h1><p>by Someone</p></section>`,
          },
          { id: "ded", href: "ded.xhtml", body: `<p>For my mother, always.</p>` },
          {
            id: "one",
            href: "one.xhtml",
            body: `<section epub:type="chapter"><h1>The Start</h1>${prose("Begin")}</section>`,
          },
          { id: "two", href: "two.xhtml", body: `<h1>The Middle</h1>${prose("Middle")}` },
          { id: "notes", href: "notes.xhtml", body: `<h1>Notes</h1><p>1. A note.</p>` },
          {
            id: "col",
            href: "col.xhtml",
            body: `<section epub:type="colophon"><h1>Made by</h1><p>Set in type.</p></section>`,
          },
        ],
      }),
    );
    expect(book.chapters.map((chapter) => [chapter.title, chapter.kind])).toEqual([
      ["Front matter", "front"],
      ["Contents", "front"],
      ["Title", "front"],
      ["For Mother", "front"],
      ["The Start", "body"],
      ["The Middle", "body"],
      ["Notes", "back"],
      ["Made by", "back"],
    ]);
  });

  it("separates the Project Gutenberg licence from the last chapter", async () => {
    const book = await read(
      epub({
        version: "2.0",
        items: [
          ncx(point("CHAPTER I.", "one.xhtml")),
          {
            id: "one",
            href: "one.xhtml",
            body: `<h2>CHAPTER I.</h2>${prose("Story")}<div><span>*** END OF THE PROJECT GUTENBERG EBOOK TEST ***</span></div><p>Licence terms.</p>`,
          },
        ],
      }),
    );
    expect(book.chapters.map((chapter) => chapter.kind)).toEqual(["body", "back"]);
    expect(book.chapters[0]?.text).not.toContain("PROJECT GUTENBERG");
  });
});

describe("readEpub: text", () => {
  it("drops ruby readings, page numbers, note references, scripts and hidden text; reads malformed XHTML", async () => {
    const body = `<h1>One</h1><p><ruby>山路<rt>やまみち</rt></ruby>を登りながら</p>
      <p>He said<span epub:type="pagebreak" title="12">12</span> “Hello,”<a epub:type="noteref" href="#n1">1</a> and
      left.<sup><a href="#fn2">2</a></sup><script>var x = 1;</script></p><p hidden="">secret</p>
      <p>Unclosed <i>italic<p>Next paragraph &amp; more`;
    const book = await read(
      epub({ items: [{ id: "one", href: "one.xhtml", raw: `<html><body>${body}</body></html>` }] }),
    );
    expect(book.chapters[0]?.text).toBe(
      "山路を登りながら\n\nHe said “Hello,” and left.\n\nUnclosed italic\n\nNext paragraph & more",
    );
  });
});
