import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeStoryboard } from "../../src/render/exports/storyboard.js";
import {
  HOSTILE_LINE,
  HOSTILE_TITLE,
  storyboardInput,
} from "../../src/render/exports/storyboard-test-support.js";
import type {
  StoryboardInput,
  StoryboardWritten,
} from "../../src/render/exports/storyboard-types.js";
import { checkPage, chromiumPresent, type PageCheck } from "../support/chromium.js";

/**
 * Issue 7's "the storyboard page opens in headless Chromium with no console errors and every
 * image loaded": a tiny book folder with real PNGs and WAVs, the page written by
 * writeStoryboard, opened from file:// with the network off.
 */

interface Inspected {
  title: string;
  texts: string[];
  audio: Array<{ src: string; duration: number; error: number | null }>;
  links: string[];
}

async function png(path: string, width: number, height: number, hue: number): Promise<void> {
  const { createCanvas } = await import("@napi-rs/canvas");
  const canvas = createCanvas(width, height);
  const context = canvas.getContext("2d");
  context.fillStyle = `hsl(${hue} 50% 45%)`;
  context.fillRect(0, 0, width, height);
  context.fillStyle = "#fff";
  context.fillRect(width / 4, height / 4, width / 2, height / 2);
  await writeFile(path, await canvas.encode("png"));
}

/** A 0.25 s 440 Hz tone: 48 kHz mono 16-bit PCM, the format the speech stage writes. */
async function wav(path: string): Promise<void> {
  const rate = 48_000;
  const samples = rate / 4;
  const bytes = Buffer.alloc(44 + samples * 2);
  bytes.write("RIFF", 0);
  bytes.writeUInt32LE(36 + samples * 2, 4);
  bytes.write("WAVEfmt ", 8);
  bytes.writeUInt32LE(16, 16);
  bytes.writeUInt16LE(1, 20);
  bytes.writeUInt16LE(1, 22);
  bytes.writeUInt32LE(rate, 24);
  bytes.writeUInt32LE(rate * 2, 28);
  bytes.writeUInt16LE(2, 32);
  bytes.writeUInt16LE(16, 34);
  bytes.write("data", 36);
  bytes.writeUInt32LE(samples * 2, 40);
  for (let index = 0; index < samples; index += 1)
    bytes.writeInt16LE(
      Math.round(8000 * Math.sin((2 * Math.PI * 440 * index) / rate)),
      44 + index * 2,
    );
  await writeFile(path, bytes);
}

async function bookFolder(folder: string, input: StoryboardInput): Promise<void> {
  await mkdir(join(folder, "media"), { recursive: true });
  const images = [...input.media.shots.values(), ...input.media.portraits.values()];
  await Promise.all([
    ...images.map((image, index) =>
      png(join(folder, image.path), image.width, image.height, index * 47),
    ),
    ...[...input.media.lines.values()].map((path) => wav(join(folder, path))),
    // Only their existence matters here: the page links them, it never loads them.
    ...input.chapters.flatMap((chapter) =>
      [chapter.video, chapter.subtitles.srt, chapter.subtitles.vtt]
        .filter((path) => path !== null)
        .map((path) => writeFile(join(folder, path), "")),
    ),
  ]);
}

const present = chromiumPresent();

describe.skipIf(!present)("storyboard.html in headless Chromium", () => {
  let folder = "";
  let written: StoryboardWritten;
  let check: PageCheck<Inspected>;
  const input = storyboardInput();

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "litink-storyboard-"));
    await bookFolder(folder, input);
    written = await writeStoryboard(folder, input);
    check = await checkPage(written.path, async (page) => {
      // Players are preload="none"; load each one here to prove its relative src plays.
      const audio = await page.$$eval("audio", (players) =>
        Promise.all(
          players.map(
            (player) =>
              new Promise<{ src: string; duration: number; error: number | null }>((settle) => {
                const done = () =>
                  settle({
                    src: player.getAttribute("src") ?? "",
                    duration: player.duration,
                    error: player.error?.code ?? null,
                  });
                player.addEventListener("loadedmetadata", done, { once: true });
                player.addEventListener("error", done, { once: true });
                player.preload = "metadata";
                player.load();
              }),
          ),
        ),
      );
      return {
        title: await page.title(),
        texts: await page.$$eval("p.text", (paragraphs) =>
          paragraphs.map((p) => p.textContent ?? ""),
        ),
        audio,
        links: await page.$$eval("a[href]", (links) =>
          links.map((link) => (link as unknown as { href: string }).href),
        ),
      };
    });
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it("finds every file it references", () => {
    expect(written.missing).toEqual([]);
  });

  it("opens offline with no console error, page error, dialog or failed request", () => {
    expect(check.problems).toEqual([]);
  });

  it("requests only files inside its own folder", () => {
    const base = pathToFileURL(`${folder}/`).href;
    expect(check.requests.length).toBeGreaterThan(7);
    for (const url of check.requests) expect(url.startsWith(base), url).toBe(true);
  });

  it("loads every image: one per shot plus one per portrait", () => {
    const shots = input.chapters.flatMap((chapter) =>
      chapter.screenplay.scenes.flatMap((scene) => scene.shots),
    );
    expect(check.images).toHaveLength(shots.length + input.media.portraits.size);
    for (const image of check.images) expect(image.naturalWidth, image.src).toBeGreaterThan(0);
  });

  it("shows escaped book text literally", () => {
    expect(check.extra.title).toBe(`${HOSTILE_TITLE} — storyboard`);
    expect(check.extra.texts).toContain(HOSTILE_LINE);
  });

  it("plays every line's audio from its relative path", () => {
    expect(check.extra.audio).toHaveLength(input.media.lines.size);
    for (const player of check.extra.audio) {
      expect(player.error, player.src).toBeNull();
      expect(player.duration).toBeCloseTo(0.25, 2);
    }
  });

  it("links files that exist beside the page", () => {
    const files = check.extra.links.filter((link) => !link.includes("#"));
    expect(files).toHaveLength(3);
    for (const link of files) expect(existsSync(fileURLToPath(link)), link).toBe(true);
    expect(dirname(fileURLToPath(files[0]!))).toBe(folder);
  });
});
