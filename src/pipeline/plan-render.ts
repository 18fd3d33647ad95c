import { chooseMotion } from "../providers/local/ken-burns-motion.js";
import { renderProfile } from "../render/profiles.js";
import type { Bible, Screenplay } from "../script/schema.js";
import { chapterNumber, slugify } from "../script/slug.js";
import type { Json, Task } from "./graph.js";
import type { PlanInput } from "./plan.js";
import { EXPORTS_ID, renderId, TASK_VERSIONS } from "./plan-constants.js";
import { estimateTask } from "./plan-cost.js";
import { expectedClipSeconds, makesClips } from "./plan-media.js";
import { clipPrompt, seedOf } from "./plan-prompts.js";

/**
 * The render stage (DESIGN.md §7): per chapter one `render:chNN` task that encodes the
 * chapter's MP4 (with its SRT and VTT) from its shots' stills or clips and its lines' speech,
 * and per book one `exports` task (storyboard.html, timeline.otio) reading every render.
 */

/** `chapter-NN-<slug>`: the MP4, SRT and VTT's name in the book folder (DESIGN.md §1). */
export function chapterFileBase(screenplay: Screenplay, bodyChapters: number): string {
  const number = chapterNumber(screenplay.chapter.index, bodyChapters);
  return `chapter-${number}-${slugify(screenplay.chapter.title)}`;
}

/**
 * One chapter's render. Params carry the cut's structure (scenes, shots, which lines over
 * which shot, headings for the chapter marks, line text for the subtitles) and the motion
 * of each still; inputs are the real data (stills, clips, speech): one edited paragraph
 * reruns this chapter's render and no other.
 */
export function renderTask(input: PlanInput, screenplay: Screenplay, bible: Bible): Task {
  const clips = makesClips(input);
  const chapter = screenplay.chapter.index;
  const inputs: string[] = [];
  let seconds = 0;
  const scenes = screenplay.scenes.map((scene) => ({
    id: scene.id,
    heading: scene.heading,
    shots: scene.shots.map((shot) => {
      const lines = scene.lines.filter((line) => line.shot === shot.id);
      inputs.push(`image:${shot.id}`);
      if (clips) inputs.push(`clip:${shot.id}`);
      for (const line of lines) inputs.push(`speech:${line.id}`);
      seconds += expectedClipSeconds(input, lines);
      // The same move the Ken Burns model would have chosen for this shot's clip task.
      const prompt = clipPrompt(scene, shot);
      const visual: Json = clips
        ? { kind: "clip" }
        : { kind: "still", motion: motionJson(prompt, seedOf(prompt)) };
      return {
        id: shot.id,
        visual,
        lines: lines.map((line) => ({ id: line.id, speaker: line.speaker, text: line.text })),
      };
    }),
  }));
  const profile = renderProfile(input.aspect, input.quality);
  return {
    id: renderId(chapter, input.bodyChapters),
    kind: "render",
    version: TASK_VERSIONS.render,
    stage: "render",
    chapter,
    scene: null,
    modality: null,
    chain: [],
    params: {
      chapter,
      fileBase: chapterFileBase(screenplay, input.bodyChapters),
      title: screenplay.chapter.title,
      bookTitle: bible.book.title,
      profile: { ...profile },
      burnSubtitles: input.render?.burnSubtitles ?? false,
      music: input.render?.music ?? null,
      scenes,
    },
    inputs,
    estimate: estimateTask(
      "render",
      [],
      { clipSeconds: seconds + profile.titleSeconds, quality: input.quality },
      input.prices,
    ),
  };
}

/**
 * The book's storyboard and timeline: it reads every selected chapter's render, including
 * those not planned yet (the runner adds a render when its chapter is adapted; the exports
 * task waits for it). Not cached: it only writes two small files, and the storyboard shows
 * the ledger's costs, which change from run to run.
 */
export function exportsTask(input: PlanInput): Task {
  return {
    id: EXPORTS_ID,
    kind: "exports",
    version: TASK_VERSIONS.exports,
    stage: "render",
    chapter: null,
    scene: null,
    modality: null,
    chain: [],
    params: {
      chapters: input.chapters.map((chapter) => chapter.index),
      quality: input.quality,
      aspect: input.aspect,
    },
    inputs: input.chapters.map((chapter) => renderId(chapter.index, input.bodyChapters)),
    estimate: estimateTask("exports", [], {}, input.prices),
  };
}

function motionJson(prompt: string, seed: number): Json {
  const motion = chooseMotion(prompt, seed);
  return JSON.parse(JSON.stringify(motion)) as Json;
}
