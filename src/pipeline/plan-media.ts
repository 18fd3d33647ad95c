import type { Bible, Character, Line, Scene, Screenplay, Shot } from "../script/schema.js";
import { spokenMinutes } from "../script/target.js";
import type { Json, Task } from "./graph.js";
import type { PlanInput } from "./plan.js";
import {
  CLIP_FPS,
  FRAME_SIZES,
  GAP_SECONDS,
  NEGATIVE_PROMPT,
  PORTRAIT_SIDE,
  SILENT_SHOT_SECONDS,
  TASK_VERSIONS,
} from "./plan-constants.js";
import { estimateTask, wordCount } from "./plan-cost.js";
import {
  clipPrompt,
  imagePrompt,
  languageCodeOf,
  portraitPrompt,
  seedOf,
  voiceIdOf,
  voiceSettingsOf,
} from "./plan-prompts.js";

/**
 * Media tasks of one adapted chapter. None reads the adapt task's output hash (one edited
 * scene would rerun the chapter's every image): each carries what it reads in `params`, and
 * `inputs` name only real data dependencies — a clip reads its shot's image and the audio of
 * the lines over it (their length is the clip's). Clips only for a remote video chain.
 */
export function mediaTasksOf(
  input: PlanInput,
  screenplay: Screenplay,
  bible: Bible,
  planned: ReadonlySet<string>,
): Task[] {
  const chapter = screenplay.chapter.index;
  const byId = new Map(bible.characters.map((character) => [character.id, character]));
  const tasks: Task[] = [];
  const portraits = new Set<string>();
  for (const scene of screenplay.scenes) {
    const present = [
      ...scene.shots.flatMap((shot) => shot.characters),
      ...scene.lines.map((line) => line.speaker),
    ];
    for (const id of present) {
      const character = byId.get(id);
      const taskId = `portrait:${id}`;
      if (!character || planned.has(taskId) || portraits.has(taskId)) continue;
      portraits.add(taskId);
      tasks.push(portraitTask(input, bible, character));
    }
  }
  for (const scene of screenplay.scenes) {
    const base = { chapter, scene: scene.id, stage: "media" as const };
    for (const shot of scene.shots) {
      const lines = scene.lines.filter((line) => line.shot === shot.id);
      const inFrame = shot.characters.flatMap((id) => byId.get(id) ?? []);
      tasks.push({ ...base, ...imageTask(input, bible, scene, shot, inFrame, lines) });
    }
    for (const line of scene.lines) tasks.push({ ...base, ...speechTask(input, bible, line) });
    // A local video chain makes no clips: the render moves the still itself.
    if (!makesClips(input)) continue;
    for (const shot of scene.shots) {
      const lines = scene.lines.filter((line) => line.shot === shot.id);
      tasks.push({ ...base, ...clipTask(input, scene, shot, lines) });
    }
  }
  return tasks.filter((task) => !planned.has(task.id));
}

type MediaPart = Omit<Task, "chapter" | "scene" | "stage">;

function portraitTask(input: PlanInput, bible: Bible, character: Character): Task {
  const side = PORTRAIT_SIDE[input.quality];
  const chain = [...input.chains.image];
  const frame = {
    heading: character.name,
    description: character.description,
    characters: [{ id: character.id, name: character.name }],
  };
  return {
    id: `portrait:${character.id}`,
    kind: "portrait",
    version: TASK_VERSIONS.portrait,
    stage: "portraits",
    // A character's one face serves the whole book, not one chapter.
    chapter: null,
    scene: null,
    modality: "image",
    chain,
    params: {
      characterId: character.id,
      prompt: portraitPrompt(bible, character),
      seed: character.look.seed,
      width: side,
      height: side,
      frame,
    },
    inputs: [],
    estimate: estimateTask("portrait", chain, {}, input.prices),
  };
}

function imageTask(
  input: PlanInput,
  bible: Bible,
  scene: Scene,
  shot: Shot,
  inFrame: readonly Character[],
  lines: readonly Line[],
): MediaPart {
  const chain = [...input.chains.image];
  const frame: { [key: string]: Json } = {
    heading: scene.heading,
    description: shot.description,
    characters: inFrame.map((character) => ({ id: character.id, name: character.name })),
  };
  // Only a drawn storyboard shows the caption; a paid image must not rerun for a line edit.
  const caption = lines[0]?.text;
  if (caption !== undefined && isLocal(chain)) frame.caption = caption;
  const prompt = imagePrompt(bible, scene, shot, inFrame);
  return {
    id: `image:${shot.id}`,
    kind: "image",
    version: TASK_VERSIONS.image,
    modality: "image",
    chain,
    // No shot id in the params (the task id carries it): when an edit shifts the numbering
    // of later scenes, their unchanged shots keep their keys and stay cached. The seed comes
    // from the content for the same reason.
    params: {
      prompt,
      negativePrompt: NEGATIVE_PROMPT,
      seed: seedOf(prompt),
      ...FRAME_SIZES[input.quality][input.aspect],
      frame,
    },
    inputs: [],
    estimate: estimateTask("image", chain, {}, input.prices),
  };
}

function speechTask(input: PlanInput, bible: Bible, line: Line): MediaPart {
  const chain = [...input.chains.speech];
  return {
    id: `speech:${line.id}`,
    kind: "speech",
    version: TASK_VERSIONS.speech,
    modality: "speech",
    chain,
    params: {
      text: line.text,
      speaker: line.speaker,
      voiceId: voiceIdOf(bible, line.speaker, chain),
      languageCode: languageCodeOf(input.language),
      emotion: line.emotion,
      voiceSettings: voiceSettingsOf(line.emotion),
    },
    inputs: [],
    estimate: estimateTask(
      "speech",
      chain,
      { words: wordCount(line.text), characters: line.text.length },
      input.prices,
    ),
  };
}

function clipTask(input: PlanInput, scene: Scene, shot: Shot, lines: readonly Line[]): MediaPart {
  const chain = [...input.chains.video];
  const prompt = clipPrompt(scene, shot);
  return {
    id: `clip:${shot.id}`,
    kind: "clip",
    version: TASK_VERSIONS.clip,
    modality: "video",
    chain,
    params: {
      prompt,
      ...FRAME_SIZES[input.quality][input.aspect],
      fps: CLIP_FPS[input.quality],
      seed: seedOf(prompt),
      gapSeconds: GAP_SECONDS,
    },
    inputs: [`image:${shot.id}`, ...lines.map((line) => `speech:${line.id}`)],
    estimate: estimateTask(
      "clip",
      chain,
      { clipSeconds: expectedClipSeconds(input, lines) },
      input.prices,
    ),
  };
}

/** Spoken length of the lines at the speaking rate, plus the pauses between them. */
export function expectedClipSeconds(input: PlanInput, lines: readonly Line[]): number {
  if (lines.length === 0) return SILENT_SHOT_SECONDS;
  const spoken = spokenMinutes(
    lines.map((line) => line.text),
    input.script,
    input.language,
  );
  return spoken * 60 + GAP_SECONDS * (lines.length - 1);
}

/**
 * Whether shots get a `clip:` task: only when the video chain starts with a remote model. A
 * local chain (Ken Burns) is drawn by the render itself from the still, in the chapter's one
 * encode: a clip file per shot would be a second lossy generation and twice the work.
 */
export function makesClips(input: PlanInput): boolean {
  const first = input.chains.video[0];
  return first !== undefined && !first.startsWith("local:");
}

function isLocal(chain: readonly string[]): boolean {
  return chain[0]?.startsWith("local:") ?? true;
}
