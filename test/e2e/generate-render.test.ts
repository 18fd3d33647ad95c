import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { checkPage, chromiumPresent } from "../support/chromium.js";
import { type CliRun, repoRoot, runCliAsync, tempDir } from "../support/cli.js";
import { corpusDir, corpusPresent, inCi } from "../support/corpus.js";
import {
  chapterMarks,
  decodeFully,
  loudnessOf,
  probeJson,
  renderEnv,
  renderTools,
  silences,
  videoStreamSeconds,
} from "../support/render-measure.js";
import {
  cachedTimelines,
  groupCues,
  lineGaps,
  lineWindows,
  otioTrackSeconds,
  parseSrt,
  words,
} from "../support/render-timeline.js";
import { sineWav } from "../support/render-wav.js";

/**
 * `litink generate` offline renders chapter videos (issue 7): two short draft chapters of the
 * example book, then the same run again (all cached), then one paragraph edited (only its
 * chapter renders again). Measured with ffprobe, not taken from the report.
 */

const ALICE = join(repoRoot, "examples/alice-in-wonderland.md");
const FLAGS = "--chapters 1-2 --minutes 0.3 --quality draft --offline --json";
const ARGS = ["generate", "alice.md", ...FLAGS.split(" ")];

// LITINK_FFMPEG / LITINK_FFPROBE, else PATH, else npm-shipped: the tools the render uses.
const tools = renderTools();
const present = tools !== null;
if (!present) {
  const line = "ffmpeg/ffprobe not found (apt-get install ffmpeg, or npm ci)";
  if (inCi) throw new Error(`${line}, and CI=true requires them`);
  process.stderr.write(`skipping generate-render: ${line}\n`);
}

type Event = Record<string, unknown> & { type: string };
const ofType = (run: CliRun, type: string) =>
  run.events.filter((event) => event.type === type) as Event[];
const ends = (run: CliRun, kind: string) =>
  ofType(run, "task-end").filter((event) => event.kind === kind);

const probe = (file: string) => probeJson(tools?.ffprobe as string, file);
const videoSeconds = (file: string) =>
  Number(probe(file).streams.find((stream) => stream.codec_type === "video")?.duration);

interface Screenplay {
  chapter: { title: string };
  scenes: Array<{ id: string; heading: string; lines: Array<{ text: string }> }>;
}

describe.runIf(present)("litink generate renders chapter videos (offline, draft)", () => {
  const cwd = tempDir("litink-render-");
  const env = renderEnv(join(cwd, "home"));
  const folder = join(cwd, "out", "alice");
  const report = () =>
    JSON.parse(readFileSync(join(folder, "report.json"), "utf8")) as {
      chapters: Array<{ chapter: number; file: string; plannedSeconds: number }>;
      storyboard: string;
      timeline: string;
      reruns: Array<{ task: string; reason: string }>;
    };
  let first: CliRun;
  let mp4s: string[] = [];

  beforeAll(async () => {
    copyFileSync(ALICE, join(cwd, "alice.md"));
    first = await runCliAsync(ARGS, { cwd, env });
    mp4s = report().chapters.map((chapter) => chapter.file);
  }, 240_000);

  it("exits 0 and writes each chapter's MP4, SRT and VTT, storyboard.html and timeline.otio", () => {
    expect(first.code, first.stderr).toBe(0);
    const outputs = ofType(first, "run-end")[0]?.outputs as string[];
    expect(mp4s.map((file) => file.slice(folder.length + 1))).toEqual([
      "chapter-01-chapter-1-down-the-rabbit-hole.mp4",
      "chapter-02-chapter-2-the-pool-of-tears.mp4",
    ]);
    for (const mp4 of mp4s)
      for (const file of [mp4, mp4.replace(/\.mp4$/, ".srt"), mp4.replace(/\.mp4$/, ".vtt")]) {
        expect(existsSync(file), file).toBe(true);
        expect(outputs).toContain(file);
      }
    for (const name of ["storyboard.html", "timeline.otio"]) {
      expect(existsSync(join(folder, name)), name).toBe(true);
      expect(outputs).toContain(join(folder, name));
    }
    // Offline, the render moves the stills itself: no clip tasks, no clip files.
    expect(ends(first, "clip")).toEqual([]);
    expect(ends(first, "render").map((event) => event.status)).toEqual(["done", "done"]);
    expect(ofType(first, "task-progress").length).toBeGreaterThan(0);
    const storyboard = readFileSync(join(folder, "storyboard.html"), "utf8");
    expect(storyboard).toContain("chapter-01-chapter-1-down-the-rabbit-hole.mp4");
    expect(storyboard).toContain("media/ch01-sc01-sh01.png");
  });

  it.runIf(present && chromiumPresent())(
    "storyboard.html opens offline in Chromium with no errors and every image loaded",
    async () => {
      const page = await checkPage(join(folder, "storyboard.html"), async () => null);
      expect(page.problems).toEqual([]);
      expect(page.requests.filter((url) => !/^(file|data):/.test(url))).toEqual([]);
      const shots = readdirSync(join(folder, "media")).filter((name) => name.endsWith(".png"));
      expect(page.images.length).toBeGreaterThanOrEqual(shots.length);
      expect(page.images.filter((image) => image.naturalWidth === 0)).toEqual([]);
    },
    60_000,
  );

  it("the MP4s hold H.264, AAC and mov_text, and one chapter mark per scene", () => {
    for (const [index, mp4] of mp4s.entries()) {
      const probed = probe(mp4);
      const codecs = probed.streams.map((stream) => stream.codec_name);
      expect(codecs).toEqual(expect.arrayContaining(["h264", "aac", "mov_text"]));
      const screenplay = JSON.parse(
        readFileSync(join(folder, "script", `chapter-0${index + 1}.json`), "utf8"),
      ) as Screenplay;
      // An optional mark over the title card (at 0, named after the chapter) is not a scene.
      const marks = probed.chapters.filter(
        (mark) => !(Number(mark.start_time) === 0 && mark.tags?.title === screenplay.chapter.title),
      );
      expect(marks.map((mark) => mark.tags?.title)).toEqual(
        screenplay.scenes.map((scene) => scene.heading),
      );
      expect(Number(marks[0]?.start_time)).toBeGreaterThan(0);
    }
  });

  it("timeline.otio's clip ranges sum, per track, to the videos' measured length", () => {
    const measured = mp4s.reduce((sum, mp4) => sum + videoSeconds(mp4), 0);
    const planned = report().chapters.reduce((sum, chapter) => sum + chapter.plannedSeconds, 0);
    expect(measured).toBeCloseTo(planned, 1);
    type Item = {
      OTIO_SCHEMA: string;
      name?: string;
      source_range?: { duration: { value: number; rate: number } };
      media_references?: { DEFAULT_MEDIA?: { target_url?: string } };
    };
    const otio = JSON.parse(readFileSync(join(folder, "timeline.otio"), "utf8")) as {
      tracks: { children: Array<{ kind: string; children: Item[] }> };
    };
    const tracks = otio.tracks.children;
    expect(tracks.map((track) => track.kind).sort()).toEqual(["Audio", "Video"]);
    for (const track of tracks) {
      const seconds = track.children
        .filter((item) => /^(Clip|Gap)\./.test(item.OTIO_SCHEMA))
        .reduce((sum, item) => {
          const duration = item.source_range?.duration;
          return sum + (duration ? duration.value / duration.rate : 0);
        }, 0);
      expect(Math.abs(seconds - measured), `${track.kind} track`).toBeLessThan(0.1);
      // Every clip points at a file in the book folder: a line at its own audio, a shot at
      // its own still, never at the cache (nor at another shot whose bytes are the same).
      for (const item of track.children.filter((each) => each.OTIO_SCHEMA.startsWith("Clip"))) {
        const url = item.media_references?.DEFAULT_MEDIA?.target_url ?? "";
        expect(existsSync(join(folder, url)), url).toBe(true);
        if (url.startsWith("media/")) expect(url).toMatch(new RegExp(`^media/${item.name}\\.`));
        else expect(url).toMatch(/^chapter-0[12]-.*\.mp4$/);
      }
    }
  });

  it("a second run renders nothing: every render is a cache hit", async () => {
    const again = await runCliAsync(ARGS, { cwd, env });
    expect(again.code, again.stderr).toBe(0);
    expect(ends(again, "render").map((event) => event.status)).toEqual(["cached", "cached"]);
    expect(ofType(again, "task-progress")).toEqual([]);
    expect(ends(again, "exports").map((event) => event.status)).toEqual(["done"]);
  }, 240_000);

  it("editing one paragraph renders only its chapter again, and says why", async () => {
    const book = join(cwd, "alice.md");
    const text = readFileSync(book, "utf8");
    const screenplay = JSON.parse(
      readFileSync(join(folder, "script", "chapter-02.json"), "utf8"),
    ) as Screenplay;
    // A spoken sentence of chapter 2, found once in the book: one word added to it.
    const spoken = screenplay.scenes
      .flatMap((scene) => scene.lines.map((line) => line.text.slice(0, 40)))
      .find((start) => start.length === 40 && text.split(start).length === 2 && / /.test(start));
    expect(spoken, "a spoken line of chapter 2 found verbatim in the book").toBeDefined();
    const phrase = spoken as string;
    writeFileSync(book, text.replace(phrase, phrase.replace(" ", " truly ")));
    const edited = await runCliAsync(ARGS, { cwd, env });
    expect(edited.code, edited.stderr).toBe(0);
    const renders = Object.fromEntries(
      ends(edited, "render").map((event) => [String(event.task), event.status]),
    );
    expect(renders).toEqual({ "render:ch01": "cached", "render:ch02": "done" });
    expect(report().reruns.map((rerun) => rerun.task)).toContain("render:ch02");
    expect(existsSync(mp4s[1] as string)).toBe(true);
  }, 240_000);

  it("--music and --burn-subtitles render every chapter again, and nothing else", async () => {
    writeFileSync(join(cwd, "bed.wav"), sineWav(1.5));
    const run = await runCliAsync([...ARGS, "--music", "bed.wav", "--burn-subtitles"], {
      cwd,
      env,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(ends(run, "render").map((event) => event.status)).toEqual(["done", "done"]);
    const media = ofType(run, "task-end").filter((event) =>
      ["image", "speech", "portrait"].includes(String(event.kind)),
    );
    expect(media.length).toBeGreaterThan(0);
    expect(media.every((event) => event.status === "cached")).toBe(true);
    for (const mp4 of mp4s)
      expect(probe(mp4).streams.map((stream) => stream.codec_name)).toContain("aac");
  }, 240_000);
});

/**
 * Issue 7's "Done when", measured on a corpus book rendered offline: each check reads the
 * plan the render cached (the timeline JSON) and measures the MP4 with the same ffmpeg/ffprobe
 * the render used (LITINK_FFMPEG / LITINK_FFPROBE for the npm-shipped 4.1 build).
 */
const CORPUS_BOOK = "alice_classic-books-markdown.md";
if (!corpusPresent) {
  const line = `corpus not found at ${corpusDir} (set LITINK_CORPUS)`;
  if (inCi) throw new Error(`${line}, and CI=true requires it`);
  process.stderr.write(`skipping the corpus render checks: ${line}\n`);
}

describe.runIf(present && corpusPresent)("a corpus book measures as planned", () => {
  const cwd = tempDir("litink-render-corpus-");
  const home = join(cwd, "home");
  const env = renderEnv(home);
  const folder = join(cwd, "out", "alice-classic-books-markdown");
  let run: CliRun;
  let chapters: Array<{ chapter: number; file: string; srt: string; plannedSeconds: number }>;
  let timelines: ReturnType<typeof cachedTimelines>;
  const timelineOf = (chapter: number) => {
    const timeline = timelines.get(chapter);
    if (!timeline) throw new Error(`no cached timeline for chapter ${chapter}`);
    return timeline;
  };
  const measurable = () => tools as NonNullable<typeof tools>;

  beforeAll(async () => {
    copyFileSync(join(corpusDir, CORPUS_BOOK), join(cwd, CORPUS_BOOK));
    const flags = "--chapters 1-2 --minutes 0.5 --quality draft --offline --json";
    run = await runCliAsync(["generate", CORPUS_BOOK, ...flags.split(" ")], { cwd, env });
    if (run.code !== 0) throw new Error(`generate exited ${run.code}: ${run.stderr}`);
    chapters = JSON.parse(readFileSync(join(folder, "report.json"), "utf8")).chapters;
    timelines = cachedTimelines(home);
  }, 300_000);

  it("renders chapters 1-2 and caches one planned timeline per chapter", () => {
    expect(run.code, run.stderr).toBe(0);
    expect(chapters.map((chapter) => chapter.chapter)).toEqual([1, 2]);
    expect([...timelines.keys()].sort()).toEqual([1, 2]);
  });

  it("1. each video stream lasts its planned timeline (frames / fps) within 0.2 s", async () => {
    for (const chapter of chapters) {
      const timeline = timelineOf(chapter.chapter);
      expect(timeline.duration).toBeCloseTo(chapter.plannedSeconds, 6);
      const measured = await videoStreamSeconds(measurable(), chapter.file);
      expect(
        Math.abs(measured - timeline.duration),
        `chapter ${chapter.chapter}`,
      ).toBeLessThanOrEqual(0.2);
    }
  }, 120_000);

  it("2. integrated loudness is -16 ± 1 LUFS and true peak at most -1.5 dBTP (ebur128)", async () => {
    const measured = [];
    for (const chapter of chapters)
      measured.push({
        chapter: chapter.chapter,
        ...(await loudnessOf(measurable(), chapter.file)),
      });
    // Every chapter out of spec at once: one number alone hides whether the fault is general.
    const outOfSpec = measured.filter(
      (each) =>
        !(Math.abs(each.integrated + 16) <= 1) ||
        each.truePeak === null ||
        !(each.truePeak <= -1.5),
    );
    expect(outOfSpec).toEqual([]);
  }, 120_000);

  it("3. one subtitle cue group per line, every cue inside its line's audio window ±50 ms", () => {
    for (const chapter of chapters) {
      const windows = lineWindows(timelineOf(chapter.chapter));
      const cues = parseSrt(readFileSync(chapter.srt, "utf8"));
      const { groups, strays } = groupCues(cues, windows, 0.05);
      expect(strays, `chapter ${chapter.chapter}: cues outside every line`).toEqual([]);
      for (const [index, group] of groups.entries()) {
        const line = windows[index] as (typeof windows)[number];
        expect(group.length, `chapter ${chapter.chapter} ${line.id} has cues`).toBeGreaterThan(0);
        expect(words(group.map((cue) => cue.text).join(" ")), line.id).toBe(words(line.text));
      }
    }
  });

  it("4. no two voice lines overlap: in the plan, and silence in the audio at every gap", async () => {
    for (const chapter of chapters) {
      const gaps = lineGaps(lineWindows(timelineOf(chapter.chapter)));
      expect(
        gaps.filter((gap) => gap.end < gap.start),
        `chapter ${chapter.chapter}`,
      ).toEqual([]);
      // silencedetect at -50 dBFS finds stretches of 0.15 s or more; each planned gap of
      // 0.3 s or more must lie inside one, give or take 50 ms at each edge (speech fades).
      const quiet = await silences(measurable(), chapter.file, 0.15);
      const planned = gaps.filter((gap) => gap.end - gap.start >= 0.3);
      expect(planned.length).toBeGreaterThan(0);
      const loud = planned.filter(
        (gap) =>
          !quiet.some((span) => span.start <= gap.start + 0.05 && span.end >= gap.end - 0.05),
      );
      expect(loud, `chapter ${chapter.chapter}: planned gaps with sound in them`).toEqual([]);
    }
  }, 120_000);

  it("5. one chapter mark per scene, within 0.1 s of the scene's start", async () => {
    for (const chapter of chapters) {
      const timeline = timelineOf(chapter.chapter);
      const marks = (await chapterMarks(measurable(), chapter.file)).filter(
        (mark) => !(mark.start === 0 && mark.title === timeline.title),
      );
      expect(marks.map((mark) => mark.title)).toEqual(
        timeline.scenes.map((scene) => scene.heading),
      );
      for (const [index, scene] of timeline.scenes.entries())
        expect(
          Math.abs((marks[index]?.start ?? Number.NaN) - scene.start),
          scene.id,
        ).toBeLessThanOrEqual(0.1);
    }
  });

  it("6. each MP4 decodes fully: exit 0 and nothing on stderr with -xerror", () => {
    for (const chapter of chapters) {
      const decoded = decodeFully(measurable(), chapter.file);
      expect(decoded.stderr, chapter.file).toBe("");
      expect(decoded.status, chapter.file).toBe(0);
    }
  }, 120_000);

  it.runIf(present && corpusPresent && chromiumPresent())(
    "7. storyboard.html opens in Chromium with no console errors and every image loaded",
    async () => {
      const page = await checkPage(join(folder, "storyboard.html"), async () => null);
      expect(page.problems).toEqual([]);
      expect(page.images.length).toBeGreaterThan(0);
      expect(page.images.filter((image) => image.naturalWidth === 0)).toEqual([]);
    },
    60_000,
  );

  it("8. timeline.otio's Clip and Gap ranges sum, per track, to the videos' length", async () => {
    let measured = 0;
    for (const chapter of chapters)
      measured += await videoStreamSeconds(measurable(), chapter.file);
    const tracks = otioTrackSeconds(join(folder, "timeline.otio"));
    expect(Object.keys(tracks).sort()).toEqual(["Audio", "Video"]);
    for (const [kind, seconds] of Object.entries(tracks))
      expect(Math.abs(seconds - measured), `${kind} track`).toBeLessThanOrEqual(0.1);
  }, 120_000);
});

describe("litink generate --music checks its file first", () => {
  const cwd = tempDir("litink-music-");
  const env = { LITINK_HOME: join(cwd, "home") };
  copyFileSync(ALICE, join(cwd, "alice.md"));

  // Without --json: the message a person reads, on stderr.
  const human = ARGS.filter((arg) => arg !== "--json");

  it("exits 66 for a missing file and 65 for one that is not audio, before any work", async () => {
    const missing = await runCliAsync([...human, "--music", "nope.mp3"], { cwd, env });
    expect(missing.code, missing.stderr).toBe(66);
    expect(missing.stderr).toContain("nope.mp3");
    const text = await runCliAsync([...human, "--music", "alice.md"], { cwd, env });
    expect(text.code, text.stderr).toBe(65);
    expect(text.stderr).toMatch(/not an audio file/);
    expect(existsSync(join(cwd, "out"))).toBe(false);
  }, 60_000);
});
