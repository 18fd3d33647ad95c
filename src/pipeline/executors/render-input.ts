import type { Motion } from "../../providers/local/ken-burns-motion.js";
import type {
  RenderProfile,
  ShotVisual,
  TimelineInput,
  WordTiming,
} from "../../render/timeline-types.js";
import type { Json, Task, TaskOutput } from "../graph.js";

/**
 * A render task's `TimelineInput`: the cut's structure from its params (plan-render.ts), the
 * files and measured lengths from its inputs' outputs. Pure: `fileOf` turns an artifact hash
 * into its path in the cache (and throws when the file is gone).
 */

interface LineParams {
  id: string;
  speaker: string;
  text: string;
}
interface ShotParams {
  id: string;
  visual: { kind: "clip" } | { kind: "still"; motion: Motion };
  lines: LineParams[];
}
interface SceneParams {
  id: string;
  heading: string;
  shots: ShotParams[];
}

export function timelineInputOf(
  task: Task,
  inputs: ReadonlyMap<string, TaskOutput>,
  fileOf: (hash: string, what: string) => string,
): TimelineInput {
  const params = task.params as unknown as {
    chapter: number;
    title: string;
    profile: RenderProfile;
    scenes: SceneParams[];
  };
  const output = (id: string): TaskOutput => {
    const found = inputs.get(id);
    if (!found) throw new Error(`task ${task.id} needs the output of ${id}`);
    return found;
  };
  const artifact = (id: string, role: string): string => {
    const hash = output(id).artifacts[role];
    if (hash === undefined) throw new Error(`task ${task.id}: ${id} made no ${role}`);
    return fileOf(hash, `the ${role} of ${id}`);
  };
  return {
    chapter: params.chapter,
    title: params.title,
    profile: params.profile,
    scenes: params.scenes.map((scene) => ({
      id: scene.id,
      heading: scene.heading,
      shots: scene.shots.map((shot) => ({
        id: shot.id,
        visual: visualOf(shot, artifact, output),
        lines: shot.lines.map((line) => {
          const speech = output(`speech:${line.id}`);
          const duration = speech.values.durationSeconds;
          if (typeof duration !== "number" || !(duration > 0))
            throw new Error(`task ${task.id}: speech:${line.id} has no measured duration`);
          return {
            id: line.id,
            speaker: line.speaker,
            text: line.text,
            audio: artifact(`speech:${line.id}`, "audio"),
            duration,
            words: wordsOf(speech.values.words),
          };
        }),
      })),
    })),
  };
}

function visualOf(
  shot: ShotParams,
  artifact: (id: string, role: string) => string,
  output: (id: string) => TaskOutput,
): ShotVisual {
  if (shot.visual.kind === "still")
    return {
      kind: "still",
      path: artifact(`image:${shot.id}`, "image"),
      motion: shot.visual.motion,
    };
  const seconds = output(`clip:${shot.id}`).values.durationSeconds;
  return {
    kind: "clip",
    path: artifact(`clip:${shot.id}`, "video"),
    seconds: typeof seconds === "number" ? seconds : null,
  };
}

/** Provider word timings as saved by the speech executor; anything malformed is dropped. */
function wordsOf(value: Json | undefined): WordTiming[] {
  if (!Array.isArray(value)) return [];
  const words: WordTiming[] = [];
  for (const entry of value) {
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) continue;
    const { word, start, end } = entry;
    if (typeof word === "string" && typeof start === "number" && typeof end === "number")
      words.push({ word, start, end });
  }
  return words;
}
