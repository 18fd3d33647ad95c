import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { locateTool } from "../../src/system/executables.js";
import { checkPage, chromiumPresent } from "../support/chromium.js";
import { type CliRun, repoRoot, runCliAsync, tempDir } from "../support/cli.js";
import { inCi } from "../support/corpus.js";

/**
 * `litink generate` offline renders chapter videos (issue 7): two short draft chapters of the
 * example book, then the same run again (all cached), then one paragraph edited (only its
 * chapter renders again). Measured with ffprobe, not taken from the report.
 */

const ALICE = join(repoRoot, "examples/alice-in-wonderland.md");
const ARGS = [
  "generate",
  "alice.md",
  "--chapters",
  "1-2",
  "--minutes",
  "0.3",
  "--quality",
  "draft",
  "--offline",
  "--json",
];

const ffmpeg = locateTool("ffmpeg", process.env)?.path ?? null;
const ffprobe = locateTool("ffprobe", process.env)?.path ?? null;
const present = ffmpeg !== null && ffprobe !== null;
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

interface Probe {
  streams: Array<{ codec_name: string; codec_type: string; duration?: string }>;
  chapters: Array<{ start_time: string; tags?: { title?: string } }>;
}
function probe(file: string): Probe {
  const result = spawnSync(
    ffprobe as string,
    ["-v", "error", "-show_streams", "-show_chapters", "-of", "json", file],
    { encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(`ffprobe failed on ${file}: ${result.stderr}`);
  return JSON.parse(result.stdout) as Probe;
}
const videoSeconds = (file: string) =>
  Number(probe(file).streams.find((stream) => stream.codec_type === "video")?.duration);

interface Screenplay {
  chapter: { title: string };
  scenes: Array<{ id: string; heading: string; lines: Array<{ text: string }> }>;
}

describe.runIf(present)("litink generate renders chapter videos (offline, draft)", () => {
  const cwd = tempDir("litink-render-");
  const env: Record<string, string> = { LITINK_HOME: join(cwd, "home") };
  // CI runs the render tests again against the npm-shipped build through these.
  for (const name of ["LITINK_FFMPEG", "LITINK_FFPROBE"] as const) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
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

/** A mono 16-bit 48 kHz WAV of a quiet 220 Hz tone: a music bed to loop. */
function sineWav(seconds: number): Buffer {
  const rate = 48_000;
  const samples = Math.round(seconds * rate);
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write("RIFF", 0, "latin1");
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write("WAVEfmt ", 8, "latin1");
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write("data", 36, "latin1");
  wav.writeUInt32LE(samples * 2, 40);
  for (let index = 0; index < samples; index++)
    wav.writeInt16LE(
      Math.round(3000 * Math.sin((2 * Math.PI * 220 * index) / rate)),
      44 + index * 2,
    );
  return wav;
}
