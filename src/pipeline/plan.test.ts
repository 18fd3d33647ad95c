import { describe, expect, it } from "vitest";
import { defaultTiers } from "../config/defaults.js";
import type { Screenplay } from "../script/schema.js";
import type { Task } from "./graph.js";
import { chapterMediaTasks, planBook } from "./plan.js";
import { testBible, testInput, testScreenplay } from "./plan-test-support.js";
import { keyParts, taskKey } from "./task-key.js";

function byId(tasks: readonly Task[]): Map<string, Task> {
  return new Map(tasks.map((task) => [task.id, task]));
}

describe("planBook", () => {
  it("names tasks and wires their dependencies", () => {
    const graph = planBook(testInput());
    const ids = graph.tasks.map((task) => task.id);
    expect(ids.slice(0, 5)).toEqual(["ingest", "index", "bible", "adapt:ch01", "adapt:ch02"]);
    expect(ids).toContain("portrait:alice");
    expect(ids).toContain("portrait:rabbit");
    expect(ids).toContain("image:ch01-sc01-sh01");
    expect(ids).toContain("speech:ch01-sc01-l03");
    expect(new Set(ids).size).toBe(ids.length);
    // Chapter 2 has no screenplay: only its adapt task.
    expect(graph.tasks.filter((task) => task.chapter === 2).map((task) => task.id)).toEqual([
      "adapt:ch02",
    ]);
    const tasks = byId(graph.tasks);
    expect(tasks.get("index")?.inputs).toEqual(["ingest"]);
    expect(tasks.get("bible")?.inputs).toEqual(["index"]);
    expect(tasks.get("adapt:ch01")?.inputs).toEqual(["bible"]);
    // Offline the video chain is Ken Burns: no clip tasks, the render moves the stills.
    expect(graph.tasks.some((task) => task.kind === "clip")).toBe(false);
    expect(tasks.get("render:ch01")?.inputs).toEqual([
      "image:ch01-sc01-sh01",
      "speech:ch01-sc01-l01",
      "speech:ch01-sc01-l02",
      "image:ch01-sc01-sh02",
      "speech:ch01-sc01-l03",
      "image:ch01-sc02-sh01",
      "speech:ch01-sc02-l01",
      "image:ch01-sc02-sh02",
    ]);
    // The exports read every selected chapter's render, chapter 2's still to be planned.
    expect(tasks.get("exports")?.inputs).toEqual(["render:ch01", "render:ch02"]);
    expect(ids.at(-1)).toBe("exports");
    for (const kind of ["image", "speech", "portrait"])
      for (const task of graph.tasks.filter((each) => each.kind === kind))
        expect(task.inputs).toEqual([]);
    expect(graph.dependencies).toContainEqual(["speech:ch01-sc01-l02", "render:ch01"]);
    expect(graph.dependencies.length).toBe(
      graph.tasks.reduce((sum, task) => sum + task.inputs.length, 0),
    );
  });

  it("plans a clip per shot for a remote video chain, read by the render", () => {
    const graph = planBook(testInput({ tier: "basic", chains: defaultTiers.basic }));
    const tasks = byId(graph.tasks);
    expect(tasks.get("clip:ch01-sc01-sh01")?.inputs).toEqual([
      "image:ch01-sc01-sh01",
      "speech:ch01-sc01-l01",
      "speech:ch01-sc01-l02",
    ]);
    expect(tasks.get("clip:ch01-sc02-sh02")?.inputs).toEqual(["image:ch01-sc02-sh02"]);
    expect(graph.dependencies).toContainEqual(["speech:ch01-sc01-l02", "clip:ch01-sc01-sh01"]);
    const render = tasks.get("render:ch01");
    expect(render?.inputs.slice(0, 5)).toEqual([
      "image:ch01-sc01-sh01",
      "clip:ch01-sc01-sh01",
      "speech:ch01-sc01-l01",
      "speech:ch01-sc01-l02",
      "image:ch01-sc01-sh02",
    ]);
    const scenes = render?.params.scenes as Array<{ shots: Array<{ visual: unknown }> }>;
    expect(scenes[0]?.shots[0]?.visual).toEqual({ kind: "clip" });
  });

  it("gives a local render each still's Ken Burns move, its profile and its file name", () => {
    const render = byId(planBook(testInput({ quality: "draft" })).tasks).get("render:ch01");
    expect(render).toMatchObject({ stage: "render", chapter: 1, chain: [], modality: null });
    expect(render?.params).toMatchObject({
      chapter: 1,
      fileBase: "chapter-01-chapter-1",
      title: "Chapter 1",
      bookTitle: "Test",
      profile: { width: 320, height: 180, fps: 12, quality: "draft" },
      burnSubtitles: false,
      music: null,
    });
    const scenes = render?.params.scenes as Array<{
      heading: string;
      shots: Array<{ visual: { kind: string; motion?: { name: string } }; lines: unknown[] }>;
    }>;
    expect(scenes.map((scene) => scene.heading)).toEqual([
      "EXT. RIVERBANK - DAY",
      "INT. RABBIT HOLE - CONTINUOUS",
    ]);
    expect(scenes[0]?.shots[0]?.visual.kind).toBe("still");
    // "Camera: wide" names no move: the seed of the clip prompt chooses it, as Ken Burns would.
    expect(typeof scenes[0]?.shots[0]?.visual.motion?.name).toBe("string");
    expect(scenes[0]?.shots[0]?.lines).toEqual([
      {
        id: "ch01-sc01-l01",
        speaker: "narrator",
        text: "Alice was beginning to get very tired of sitting by her sister.",
      },
      {
        id: "ch01-sc01-l02",
        speaker: "alice",
        text: "What is the use of a book without pictures?",
      },
    ]);
    const music = byId(
      planBook(testInput({ render: { burnSubtitles: true, music: "ab".repeat(32) } })).tasks,
    ).get("render:ch01");
    expect(music?.params).toMatchObject({ burnSubtitles: true, music: "ab".repeat(32) });
  });

  it("pads chapter numbers to the body-chapter count and uses the tier's chains", () => {
    const graph = planBook(
      testInput({ bodyChapters: 120, tier: "premium", chains: defaultTiers.premium }),
    );
    const tasks = byId(graph.tasks);
    expect(tasks.has("adapt:ch001")).toBe(true);
    expect(tasks.has("render:ch001")).toBe(true);
    expect(tasks.get("render:ch001")?.params.fileBase).toBe("chapter-001-chapter-1");
    expect(tasks.get("adapt:ch001")?.chain).toEqual(defaultTiers.premium.text);
    expect(tasks.get("bible")?.modality).toBe("text");
    expect(tasks.get("ingest")?.chain).toEqual([]);
    expect(tasks.get("image:ch01-sc01-sh01")?.chain).toEqual(defaultTiers.premium.image);
    expect(tasks.get("clip:ch01-sc01-sh01")?.chain).toEqual(defaultTiers.premium.video);
    expect(tasks.get("speech:ch01-sc01-l01")?.params.voiceId).toBe("N1");
    expect(tasks.get("speech:ch01-sc01-l02")?.params.voiceId).toBe("A1");
    expect(tasks.get("speech:ch01-sc01-l02")?.params.languageCode).toBe("en");
    // Offline: the extractive writer calls no provider.
    const local = byId(planBook(testInput()).tasks);
    expect(local.get("adapt:ch01")?.chain).toEqual([]);
    expect(local.get("adapt:ch01")?.modality).toBeNull();
    expect(local.get("speech:ch01-sc01-l01")?.params.voiceId).toBe("en");
  });

  it("plans only adapt tasks while the bible is unknown", () => {
    const graph = planBook(testInput({ bible: null }));
    expect(graph.tasks.map((task) => task.id)).toEqual([
      "ingest",
      "index",
      "bible",
      "adapt:ch01",
      "adapt:ch02",
      "exports",
    ]);
  });

  it("sizes frames by aspect and quality", () => {
    const size = (aspect: "16:9" | "9:16" | "1:1", quality: "draft" | "standard") => {
      const remote = { tier: "basic" as const, chains: defaultTiers.basic };
      const tasks = byId(planBook(testInput({ ...remote, aspect, quality })).tasks);
      const image = tasks.get("image:ch01-sc01-sh01")?.params;
      const clip = tasks.get("clip:ch01-sc01-sh01")?.params;
      expect([clip?.width, clip?.height]).toEqual([image?.width, image?.height]);
      const portrait = tasks.get("portrait:alice")?.params;
      expect(portrait?.width).toBe(portrait?.height);
      return [image?.width, image?.height, clip?.fps, portrait?.width];
    };
    expect(size("16:9", "standard")).toEqual([1280, 720, 25, 768]);
    expect(size("9:16", "standard")).toEqual([720, 1280, 25, 768]);
    expect(size("1:1", "standard")).toEqual([1080, 1080, 25, 768]);
    expect(size("16:9", "draft")).toEqual([640, 360, 12, 384]);
    expect(size("9:16", "draft")).toEqual([360, 640, 12, 384]);
    expect(size("1:1", "draft")).toEqual([540, 540, 12, 384]);
  });

  it("builds prompts from the style, the shot, its characters, heading and mood", () => {
    const tasks = byId(planBook(testInput()).tasks);
    const image = tasks.get("image:ch01-sc01-sh01")?.params;
    expect(image?.prompt).toBe(
      "Watercolour storybook; palette: soft greens. EXT. RIVERBANK - DAY. A riverbank in summer. In frame: Alice (A girl of ten with a blue dress). Mood: whimsical",
    );
    expect(image?.frame).toMatchObject({
      heading: "EXT. RIVERBANK - DAY",
      characters: [{ id: "alice", name: "Alice" }],
      caption: "Alice was beginning to get very tired of sitting by her sister.",
    });
    expect(Number.isInteger(image?.seed) && (image?.seed as number) < 2 ** 31).toBe(true);
    expect(tasks.get("portrait:alice")?.params.prompt).toBe(
      "Watercolour storybook. Portrait of Alice: Alice, freckles, green coat",
    );
    expect(tasks.get("speech:ch01-sc01-l02")?.params.voiceSettings).toMatchObject({
      stability: 0.3,
    });
  });
});

describe("what an edit changes", () => {
  const paramsOf = (tasks: readonly Task[]) =>
    new Map(
      tasks.map((task) => [task.id, JSON.stringify({ params: task.params, inputs: task.inputs })]),
    );
  const changed = (before: readonly Task[], after: readonly Task[]) => {
    const old = paramsOf(before);
    return [...paramsOf(after)].filter(([id, value]) => old.get(id) !== value).map(([id]) => id);
  };

  it("a line's text changes only that line's speech task", () => {
    const before = planBook(testInput()).tasks;
    const after = planBook(
      testInput({ screenplays: new Map([[1, testScreenplay(1, "Curiouser and curiouser!")]]) }),
    ).tasks;
    expect(after.map((task) => task.id)).toEqual(before.map((task) => task.id));
    // The local storyboard draws the shot's first line: its caption follows the first line only.
    // The chapter's render (its subtitles) follows every line; no other chapter's would.
    expect(changed(before, after)).toEqual(["speech:ch01-sc01-l02", "render:ch01"]);
  });

  const firstLineEdited = () => {
    const screenplay = testScreenplay(1);
    const first = screenplay.scenes[0]?.lines[0];
    if (first) first.text = "Alice was asleep.";
    return new Map([[1, screenplay]]);
  };

  it("offline, the first line of a shot is also its storyboard caption", () => {
    const before = planBook(testInput()).tasks;
    const after = planBook(testInput({ screenplays: firstLineEdited() })).tasks;
    expect(changed(before, after)).toEqual([
      "image:ch01-sc01-sh01",
      "speech:ch01-sc01-l01",
      "render:ch01",
    ]);
  });

  it("a paid image never reruns for a line edit", () => {
    const paid = { tier: "basic" as const, chains: defaultTiers.basic };
    const before = planBook(testInput(paid)).tasks;
    const after = planBook(testInput({ ...paid, screenplays: firstLineEdited() })).tasks;
    expect(changed(before, after)).toEqual(["speech:ch01-sc01-l01", "render:ch01"]);
  });

  it("an edit in one chapter changes no other chapter's render", () => {
    const both = new Map([
      [1, testScreenplay(1)],
      [2, testScreenplay(2)],
    ]);
    const before = planBook(testInput({ screenplays: both })).tasks;
    const edited = new Map(both);
    edited.set(2, testScreenplay(2, "Curiouser and curiouser!"));
    const after = planBook(testInput({ screenplays: edited })).tasks;
    expect(changed(before, after)).toEqual(["speech:ch02-sc01-l02", "render:ch02"]);
  });

  it("a voice change touches only that character's speech", () => {
    const before = planBook(testInput({ tier: "free", chains: defaultTiers.free })).tasks;
    const after = planBook(
      testInput({ tier: "free", chains: defaultTiers.free, bible: testBible({ voice: "A2" }) }),
    ).tasks;
    expect(changed(before, after)).toEqual(["speech:ch01-sc01-l02"]);
  });
});

describe("chapterMediaTasks", () => {
  it("matches planBook and skips portraits already planned", () => {
    const input = testInput({ screenplays: new Map() });
    const bible = testBible();
    const full = planBook(testInput());
    const media = chapterMediaTasks(input, testScreenplay(1), bible, new Set(["portrait:alice"]));
    expect(media.some((task) => task.id === "portrait:alice")).toBe(false);
    expect(media.some((task) => task.id === "portrait:rabbit")).toBe(true);
    const planned = byId(full.tasks);
    for (const task of media) expect(task).toEqual(planned.get(task.id));
    // All but ingest, index, bible, two adapts, the exports and the portrait planned already.
    expect(media.length).toBe(full.tasks.length - 5 - 1 - 1);
    expect(media.at(-1)?.id).toBe("render:ch01");
  });
});

describe("media keys under renumbered scenes", () => {
  /** The screenplay with a new first scene: every later scene, shot and line id shifts by one. */
  function withSceneInserted(screenplay: Screenplay): Screenplay {
    const shift = (id: string) =>
      id.replace(
        /-sc(\d+)/,
        (_match, number: string) => `-sc${String(Number(number) + 1).padStart(2, "0")}`,
      );
    const moved = screenplay.scenes.map((scene) => ({
      ...scene,
      id: shift(scene.id),
      shots: scene.shots.map((shot) => ({ ...shot, id: shift(shot.id) })),
      lines: scene.lines.map((line) => ({ ...line, id: shift(line.id), shot: shift(line.shot) })),
    }));
    const first = screenplay.scenes[0] as Screenplay["scenes"][number];
    const inserted = {
      ...first,
      heading: "EXT. GARDEN - DAY",
      shots: first.shots.map((shot) => ({ ...shot, description: `Roses. ${shot.description}` })),
      lines: first.lines.map((line) => ({ ...line, text: `Later: ${line.text}` })),
      sourceHash: "source-inserted",
    };
    return { ...screenplay, scenes: [inserted, ...moved] };
  }

  it("keeps the key of every unchanged shot and line when an edit shifts the scene numbers", () => {
    // A remote video chain, so that clips are planned too.
    const input = testInput({ screenplays: new Map(), tier: "basic", chains: defaultTiers.basic });
    const before = chapterMediaTasks(input, testScreenplay(1), testBible(), new Set());
    const after = byId(
      chapterMediaTasks(input, withSceneInserted(testScreenplay(1)), testBible(), new Set()),
    );
    const keyOf = (task: Task) => taskKey(keyParts(task, new Map()));
    const checked = before.filter((task) => task.kind === "image" || task.kind === "speech");
    expect(checked.length).toBeGreaterThan(4);
    for (const task of checked) {
      const shifted = task.id.replace(/-sc(\d+)/, (_m, n: string) => `-sc0${Number(n) + 1}`);
      const moved = after.get(shifted);
      expect(moved, shifted).toBeDefined();
      expect(keyOf(moved as Task), task.id).toBe(keyOf(task));
    }
    const clips = before.filter((each) => each.kind === "clip");
    expect(clips.length).toBe(4);
    for (const task of clips) {
      const moved = after.get(
        task.id.replace(/-sc(\d+)/, (_m, n: string) => `-sc0${Number(n) + 1}`),
      );
      expect(moved?.params, task.id).toEqual(task.params);
    }
  });
});
