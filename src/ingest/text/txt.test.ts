import { describe, expect, it } from "vitest";
import { defaultIngestLimits, type ReadContext } from "../types.js";
import { readText } from "./index.js";

const context: ReadContext = { file: "book.txt", limits: defaultIngestLimits };
const filler =
  "and the rain kept falling over the quiet town while everyone slept soundly in their beds.";

describe("readText (txt)", () => {
  it("reads a Latin-1 Gutenberg file with CRLF line ends", async () => {
    const text = [
      "Title: Don Quijote",
      "Author: Miguel de Cervantes Saavedra",
      "Language: Spanish",
      "*** START OF THIS PROJECT GUTENBERG EBOOK DON QUIJOTE ***",
      "",
      "PRÓLOGO",
      "",
      `Desocupado lector ${filler}`,
      "",
      "Capítulo primero. Que trata de la condición y ejercicio del famoso hidalgo",
      "don Quijote de la Mancha",
      "",
      `En un lugar de la Mancha ${filler}`,
      "",
      "Capítulo II. Que trata de la primera salida",
      "",
      `Hechas, pues, estas prevenciones ${filler}`,
      "",
      "Fin",
      "*** END OF THIS PROJECT GUTENBERG EBOOK DON QUIJOTE ***",
      "licence",
    ].join("\r\n");
    const book = await readText(Buffer.from(text, "latin1"), "txt", context);
    expect(book).toMatchObject({
      title: "Don Quijote",
      author: "Miguel de Cervantes Saavedra",
      language: "es",
    });
    expect(book.chapters.map((chapter) => [chapter.title, chapter.kind])).toEqual([
      ["PRÓLOGO", "front"],
      [
        "Capítulo primero. Que trata de la condición y ejercicio del famoso hidalgo don Quijote de la Mancha",
        "body",
      ],
      ["Capítulo II. Que trata de la primera salida", "body"],
    ]);
    expect(book.chapters[1]?.text.startsWith("En un lugar de la Mancha")).toBe(true);
    expect(book.chapters.map((chapter) => chapter.text).join("")).not.toMatch(/\r|licence/);
  });

  it("keeps an illustration block whole and removes _italic_ marks", async () => {
    const text = [
      "[Illustration: ·PRIDE AND PREJUDICE·",
      "",
      "",
      "Chapter I.]",
      "",
      `It is a _truth_ universally acknowledged ${filler}`,
      "",
      "CHAPTER II.",
      "",
      `Mr. Bennet ${filler}`,
    ].join("\n");
    const book = await readText(Buffer.from(text), "txt", context);
    expect(book.chapters.map((chapter) => chapter.title)).toEqual(["Chapter I.", "CHAPTER II."]);
    expect(book.chapters[0]?.text.startsWith("It is a truth universally")).toBe(true);
  });

  it("splits a text whose paragraphs are marked by indentation only", async () => {
    const lines = ["CHAPTER I"];
    for (let line = 0; line < 60; line++)
      lines.push(line % 6 === 0 ? `    Indented ${filler}` : filler);
    lines.push("CHAPTER II");
    for (let line = 0; line < 60; line++)
      lines.push(line % 6 === 0 ? `    Indented ${filler}` : filler);
    const book = await readText(Buffer.from(lines.join("\n")), "txt", context);
    expect(book.chapters.map((chapter) => chapter.title)).toEqual(["CHAPTER I", "CHAPTER II"]);
    expect(book.chapters[0]?.text.split("\n\n")).toHaveLength(10);
  });

  it("separates a heading line printed directly above the prose", async () => {
    const text = `CHAPTER I\nIt was a dark and stormy night ${filler}\n\nCHAPTER II\nThe storm passed ${filler}`;
    const book = await readText(Buffer.from(text), "txt", context);
    expect(book.chapters.map((chapter) => chapter.title)).toEqual(["CHAPTER I", "CHAPTER II"]);
    expect(book.chapters[0]?.text.startsWith("It was a dark")).toBe(true);
  });

  it("reads Roman-numbered titles when there are no chapter words", async () => {
    const text = `I. A SCANDAL IN BOHEMIA\n\nTo Sherlock Holmes ${filler}\n\nII. THE RED-HEADED LEAGUE\n\nI had called ${filler}`;
    const book = await readText(Buffer.from(text), "txt", context);
    expect(book.chapters.map((chapter) => chapter.title)).toEqual([
      "I. A SCANDAL IN BOHEMIA",
      "II. THE RED-HEADED LEAGUE",
    ]);
  });

  it("reads a contents list of staves as front matter, not as a chapter", async () => {
    const text = `CONTENTS\n\nStave   I: Marley's Ghost\nStave  II: The First of the Three Spirits\n\nSTAVE I:  MARLEY'S GHOST\n\nMARLEY was dead ${filler}\n\nSTAVE II:  THE FIRST OF THE THREE SPIRITS\n\nWHEN Scrooge awoke ${filler}`;
    const book = await readText(Buffer.from(text), "txt", context);
    expect(book.chapters.map((chapter) => [chapter.title, chapter.kind])).toEqual([
      ["CONTENTS", "front"],
      ["STAVE I: MARLEY'S GHOST", "body"],
      ["STAVE II: THE FIRST OF THE THREE SPIRITS", "body"],
    ]);
  });

  it("splits a bare numeral from the title line under it, and joins title-case titles", async () => {
    const text = `I\nThe Old Sea-dog at the Admiral Benbow\n\n\nSquire Trelawney ${filler}\n\nII\nAdvice from a Caterpillar\n\nThe Caterpillar ${filler}`;
    const book = await readText(Buffer.from(text), "txt", context);
    expect(book.chapters.map((chapter) => chapter.title)).toEqual([
      "I The Old Sea-dog at the Admiral Benbow",
      "II Advice from a Caterpillar",
    ]);
    expect(book.chapters[0]?.text.startsWith("Squire Trelawney")).toBe(true);
  });

  it("reads title and author from a 1990s header and a title page in German", async () => {
    const old = `Project Gutenberg's Alice's Adventures in Wonderland, by Lewis Carroll\n\n   *END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*Ver.04.29.93*END*\n\nCHAPTER I\n\nAlice ${filler}`;
    expect(await readText(Buffer.from(old), "txt", context)).toMatchObject({
      title: "Alice's Adventures in Wonderland",
      author: "Lewis Carroll",
    });
    const german = `DIE VERWANDLUNG\n\nVON\n\nFRANZ KAFKA\n\nI.\n\nAls Gregor ${filler}\n\nII.\n\nErst ${filler}`;
    expect(await readText(Buffer.from(german), "txt", context)).toMatchObject({
      title: "Die Verwandlung",
      author: "Franz Kafka",
    });
  });

  it("finds 第N章 headings above Japanese prose written without spaces, after a contents list", async () => {
    const prose = (who: string) =>
      `${who}は町の外れにある古い家に住んでいた。毎朝早く起きて、川のほとりを散歩するのが習慣だった。`;
    const numbers = ["一", "二", "三", "四", "五", "六"];
    // Counted by spaces each chapter would be three words, as short as the contents entries.
    const lines = ["吾輩の物語", "", "目次", ""];
    for (const number of numbers) lines.push(`第${number}章`, "");
    for (const number of numbers)
      lines.push(`第${number}章`, "", prose("彼"), "", prose("彼女"), "", prose("私"), "");
    const book = await readText(Buffer.from(lines.join("\n")), "txt", context);
    const body = book.chapters.filter((chapter) => chapter.kind === "body");
    expect(book.chapters[0]).toMatchObject({ kind: "front" });
    expect(body.map((chapter) => chapter.title)).toEqual([
      "第一章",
      "第二章",
      "第三章",
      "第四章",
      "第五章",
      "第六章",
    ]);
    expect(body[0]?.text.startsWith("彼は町の外れ")).toBe(true);
  });

  it("finds the 第N回 headings of a Chinese novel", async () => {
    const prose = "话说天下大势，分久必合，合久必分。周末七国分争，并入于秦。";
    const lines: string[] = [];
    for (const heading of [
      "第一回 宴桃园豪杰三结义",
      "第二回 张翼德怒鞭督邮",
      "第三回 议温明董卓叱丁原",
    ])
      lines.push(heading, "", prose, "", prose, "");
    const book = await readText(Buffer.from(lines.join("\n")), "txt", context);
    expect(book.chapters.map((chapter) => [chapter.title, chapter.kind])).toEqual([
      ["第一回 宴桃园豪杰三结义", "body"],
      ["第二回 张翼德怒鞭督邮", "body"],
      ["第三回 议温明董卓叱丁原", "body"],
    ]);
  });

  it("warns when no chapter headings exist and reads the text as one chapter", async () => {
    const book = await readText(Buffer.from(`${filler}\n\n${filler}`), "txt", context);
    expect(book.chapters).toHaveLength(1);
    expect(book.warnings).toHaveLength(1);
  });
});
