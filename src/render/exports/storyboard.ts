import { readFileSync } from "node:fs";
import { access } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeFileAtomic } from "../../script/files.js";
import { cover } from "./storyboard-cover.js";
import { escapeHtml } from "./storyboard-markup.js";
import { chapterSection, speakerNames } from "./storyboard-scenes.js";
import type { StoryboardInput, StoryboardWritten } from "./storyboard-types.js";

export type {
  StoryboardChapter,
  StoryboardImage,
  StoryboardInput,
  StoryboardMedia,
  StoryboardWritten,
} from "./storyboard-types.js";

/**
 * `storyboard.html` (DESIGN.md §1): one self-contained contact sheet per book folder. The
 * page skeleton, its CSS and a few lines of script live in templates/storyboard.html; this
 * file fills it. No CDN, no fetch, no module script: file:// pages may load neither.
 */

export const STORYBOARD_FILE = "storyboard.html";

/** The package's templates/ folder, three levels up from this file in src/ and dist/ alike. */
const TEMPLATE_PATH = fileURLToPath(new URL("../../../templates/storyboard.html", import.meta.url));
const PLACEHOLDERS = ["lang", "title", "body"] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];

let template: string | undefined;

function storyboardTemplate(): string {
  if (template === undefined) {
    const text = readFileSync(TEMPLATE_PATH, "utf8");
    const absent = PLACEHOLDERS.filter((name) => !text.includes(`{{${name}}}`));
    if (absent.length > 0)
      throw new Error(`${TEMPLATE_PATH} lacks the placeholders ${absent.join(", ")}`);
    template = text;
  }
  return template;
}

/** The page for a book (the same input gives the same bytes: no clock, no randomness). */
export function storyboardHtml(input: StoryboardInput): string {
  const names = speakerNames(input);
  const values: Record<Placeholder, string> = {
    lang: escapeHtml(input.bible.book.language ?? "en"),
    title: escapeHtml(`${input.book.title} — storyboard`),
    body: [
      cover(input),
      ...input.chapters.map((chapter) => chapterSection(chapter, input, names)),
    ].join("\n"),
  };
  // One pass: text inserted for a placeholder is never scanned for placeholders again.
  return storyboardTemplate().replace(
    /\{\{(\w+)\}\}/g,
    (whole, name: string) => values[name as Placeholder] ?? whole,
  );
}

/**
 * Writes `<folder>/storyboard.html` atomically. Media the input names but the folder lacks
 * are left out (shown as "not generated"), so the page never shows a broken image; they are
 * returned for the run report.
 */
export async function writeStoryboard(
  folder: string,
  input: StoryboardInput,
): Promise<StoryboardWritten> {
  const referenced = referencedPaths(input);
  const present = await Promise.all(
    referenced.map((path) =>
      access(join(folder, path)).then(
        () => true,
        () => false,
      ),
    ),
  );
  const missing = referenced.filter((_, index) => !present[index]);
  const path = join(folder, STORYBOARD_FILE);
  await writeFileAtomic(path, storyboardHtml(withoutPaths(input, new Set(missing))));
  return { path, missing };
}

function referencedPaths(input: StoryboardInput): string[] {
  const { media } = input;
  const paths = [
    ...[...media.shots.values(), ...media.portraits.values()].map((image) => image.path),
    ...media.clips.values(),
    ...media.lines.values(),
    ...input.chapters.flatMap((chapter) => [
      chapter.video,
      chapter.subtitles.srt,
      chapter.subtitles.vtt,
    ]),
  ];
  return [...new Set(paths.filter((path): path is string => path !== null))];
}

function withoutPaths(input: StoryboardInput, gone: ReadonlySet<string>): StoryboardInput {
  if (gone.size === 0) return input;
  const keep = <Value>(map: ReadonlyMap<string, Value>, path: (value: Value) => string) =>
    new Map([...map].filter(([, value]) => !gone.has(path(value))));
  const present = (path: string | null) => (path !== null && gone.has(path) ? null : path);
  return {
    ...input,
    media: {
      shots: keep(input.media.shots, (image) => image.path),
      portraits: keep(input.media.portraits, (image) => image.path),
      clips: keep(input.media.clips, (path) => path),
      lines: keep(input.media.lines, (path) => path),
    },
    chapters: input.chapters.map((chapter) => ({
      ...chapter,
      video: present(chapter.video),
      subtitles: { srt: present(chapter.subtitles.srt), vtt: present(chapter.subtitles.vtt) },
    })),
  };
}
