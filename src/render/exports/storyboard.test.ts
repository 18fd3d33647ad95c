import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Element } from "domhandler";
import { findAll, getAttributeValue, textContent } from "domutils";
import { parseDocument } from "htmlparser2";
import { afterEach, describe, expect, it } from "vitest";
import { storyboardHtml, writeStoryboard } from "./storyboard.js";
import { formatUsd, relativeUrl } from "./storyboard-markup.js";
import { HOSTILE_LINE, HOSTILE_TITLE, storyboardInput } from "./storyboard-test-support.js";

function elements(html: string, match: (element: Element) => boolean): Element[] {
  return findAll(match, parseDocument(html).children);
}
const named = (tag: string, className?: string) => (element: Element) =>
  element.name === tag &&
  (className === undefined ||
    (getAttributeValue(element, "class") ?? "").split(" ").includes(className));

describe("storyboardHtml", () => {
  const html = storyboardHtml(storyboardInput());

  it("shows book text literally: markup in a line, a title or a name is escaped", () => {
    expect(html).toContain(
      "&lt;script&gt;alert(&quot;boo&quot;)&lt;/script&gt; Tom &amp; Jerry&#39;s " +
        "&quot;&lt;b&gt;bold&lt;/b&gt;&quot;",
    );
    // The template's own script is the only one; the line's tags became text.
    expect(elements(html, named("script"))).toHaveLength(1);
    expect(elements(html, named("b"))).toHaveLength(0);
    const texts = elements(html, named("p", "text")).map((element) => textContent(element));
    expect(texts).toContain(HOSTILE_LINE);
    expect(textContent(elements(html, named("title"))[0]!)).toBe(`${HOSTILE_TITLE} — storyboard`);
    expect(textContent(elements(html, named("h1"))[0]!)).toBe(HOSTILE_TITLE);
    expect(html).toContain("White &lt;Rabbit&gt;");
  });

  it("has one still per shot, one portrait per character, one player per line", () => {
    const stills = elements(html, named("img", "still"));
    expect(stills.map((image) => getAttributeValue(image, "src"))).toEqual([
      "media/ch01-sc01-sh01.png",
      "media/ch01-sc01-sh02.png",
      "media/ch01-sc02-sh01.png",
      "media/ch02-sc01-sh01.png",
      "media/ch02-sc01-sh02.png",
    ]);
    expect(elements(html, named("img", "portrait"))).toHaveLength(2);
    for (const image of elements(html, named("img"))) {
      expect(Number(getAttributeValue(image, "width"))).toBeGreaterThan(0);
      expect(Number(getAttributeValue(image, "height"))).toBeGreaterThan(0);
      expect(getAttributeValue(image, "loading")).toBeUndefined();
    }
    const players = elements(html, named("audio"));
    expect(players).toHaveLength(5);
    for (const player of players) expect(getAttributeValue(player, "preload")).toBe("none");
    expect(elements(html, named("section", "scene")).map((scene) => scene.attribs.id)).toEqual([
      "ch01-sc01",
      "ch01-sc02",
      "ch02-sc01",
    ]);
    // Lines sit under the shot they play over.
    const shot = elements(html, (element) => element.attribs.id === "ch01-sc01-sh02")[0]!;
    expect(findAll(named("li", "line"), [shot]).map((line) => line.attribs.id)).toEqual([
      "ch01-sc01-ln002",
    ]);
  });

  it("names speakers, cameras and costs", () => {
    const speakers = elements(html, named("span", "speaker")).map((span) => textContent(span));
    expect(speakers.slice(0, 3)).toEqual(["Narrator", "Alice Liddell", "Narrator"]);
    expect(html).toContain('<span class="camera">CLOSE-UP</span>');
    const costs = elements(html, named("span", "cost")).map((span) => textContent(span));
    // chapter 1, its two scenes, chapter 2, its scene
    expect(costs).toEqual(["$0.0123", "$0.0123", "$0", "$1.50", "$1.50"]);
    expect(html).toContain("<dt>Cost</dt><dd>$1.51</dd>");
  });

  it("links the rendered chapter's video and subtitles, and says when there are none", () => {
    const links = elements(html, named("a", "file")).map((link) => getAttributeValue(link, "href"));
    expect(links).toEqual([
      "chapter-01-down-the-rabbit-hole.mp4",
      "chapter-01-down-the-rabbit-hole.srt",
      "chapter-01-down-the-rabbit-hole.vtt",
    ]);
    expect(html).toContain("Not rendered yet");
  });

  it("references nothing outside its folder and loads no module or network code", () => {
    const urls = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((match) => match[1]!);
    expect(urls.length).toBeGreaterThan(10);
    for (const url of urls) expect(url).toMatch(/^(#|media\/|chapter-)/);
    expect(html).not.toMatch(/type="module"|fetch\(|https?:|<link|@import/);
  });

  it("is the same bytes for the same input, and never expands placeholders from the book", () => {
    expect(storyboardHtml(storyboardInput())).toBe(html);
    const input = storyboardInput();
    const scene = input.chapters[0]!.screenplay.scenes[0]!;
    scene.lines[0] = { ...scene.lines[0]!, text: "{{body}} $& $1" };
    expect(storyboardHtml(input)).toContain('<p class="text">{{body}} $&amp; $1</p>');
  });

  it("shows a placeholder, not a broken image, for a shot without a still", () => {
    const input = storyboardInput();
    input.media = { ...input.media, shots: new Map(), portraits: new Map() };
    const page = storyboardHtml(input);
    expect(elements(page, named("img"))).toHaveLength(0);
    expect(elements(page, named("div", "missing"))).toHaveLength(5);
    expect(elements(page, named("span", "initials")).map((span) => textContent(span))).toEqual([
      "AL",
      "W<",
    ]);
  });
});

describe("storyboard markup helpers", () => {
  it("keeps paths relative and percent-encodes each segment", () => {
    expect(relativeUrl("media/a b#1.png")).toBe("media/a%20b%231.png");
    expect(relativeUrl("media\\x.png")).toBe("media/x.png");
    for (const bad of ["/tmp/x.png", "file:///x.png", "https://cdn.example/x.png", "C:/x.png", ""])
      expect(() => relativeUrl(bad)).toThrow(/not a relative path/);
  });

  it("formats fractions of a cent", () => {
    expect([undefined, 0, 0.00001, 0.00042, 0.0123, 0.5, 12.345].map(formatUsd)).toEqual([
      "—",
      "$0",
      "<$0.0001",
      "$0.0004",
      "$0.0123",
      "$0.50",
      "$12.35",
    ]);
  });
});

describe("writeStoryboard", () => {
  let folder = "";
  afterEach(() => rm(folder, { recursive: true, force: true }));

  it("writes storyboard.html atomically and leaves out media the folder lacks", async () => {
    folder = await mkdtemp(join(tmpdir(), "litink-storyboard-"));
    const input = storyboardInput();
    await writeFile(join(folder, "chapter-01-down-the-rabbit-hole.mp4"), "");
    const written = await writeStoryboard(folder, input);
    expect(written.path).toBe(join(folder, "storyboard.html"));
    expect(written.missing).toContain("media/ch01-sc01-sh01.png");
    expect(written.missing).toContain("chapter-01-down-the-rabbit-hole.srt");
    expect(written.missing).not.toContain("chapter-01-down-the-rabbit-hole.mp4");
    expect(await readdir(folder)).toEqual([
      "chapter-01-down-the-rabbit-hole.mp4",
      "storyboard.html",
    ]);
    const page = await readFile(written.path, "utf8");
    expect(elements(page, named("img"))).toHaveLength(0);
    expect(elements(page, named("audio"))).toHaveLength(0);
    expect(elements(page, named("a", "file")).map((link) => link.attribs.href)).toEqual([
      "chapter-01-down-the-rabbit-hole.mp4",
    ]);
  });
});
