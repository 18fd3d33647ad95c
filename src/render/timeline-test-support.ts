import type { Motion } from "../providers/local/ken-burns-motion.js";
import type { RenderProfile, TimelineInput, WordTiming } from "./timeline-types.js";

/** Test-only: seeded random chapters for the property tests of the planner and its readers. */

/** mulberry32: a tiny seeded generator, so a failing case can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const PUSH_IN: Motion = {
  name: "push-in",
  zoomFrom: 1,
  zoomTo: 1.2,
  centerFrom: [0.5, 0.5],
  centerTo: [0.5, 0.5],
};

const WORDS =
  "it was the best of times worst age wisdom foolishness epoch belief incredulity".split(" ");

/** A random chapter: 1–4 scenes of 1–4 shots of 0–4 lines lasting 0.05–12 s. */
export function randomChapter(
  seed: number,
  profile: RenderProfile,
  root = "/cache",
): TimelineInput {
  const random = seededRandom(seed);
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  let lineNumber = 0;
  return {
    chapter: 1 + between(0, 20),
    title: `Chapter ${seed}`,
    profile,
    scenes: Array.from({ length: between(1, 4) }, (_, sceneIndex) => ({
      id: `s${sceneIndex + 1}`,
      heading: `INT. ROOM ${sceneIndex + 1} - NIGHT`,
      shots: Array.from({ length: between(1, 4) }, (_, shotIndex) => {
        const id = `s${sceneIndex + 1}-shot${shotIndex + 1}`;
        return {
          id,
          visual:
            random() < 0.5
              ? { kind: "still" as const, path: `${root}/${id}.png`, motion: PUSH_IN }
              : { kind: "clip" as const, path: `${root}/${id}.mp4`, seconds: 5 },
          lines: Array.from({ length: between(0, 4) }, () => {
            lineNumber += 1;
            const duration = 0.05 + random() * 11.95;
            const text = Array.from(
              { length: between(1, 30) },
              () => WORDS[between(0, WORDS.length - 1)],
            ).join(" ");
            return {
              id: `l${lineNumber}`,
              speaker: random() < 0.5 ? "NARRATOR" : "ALICE",
              text,
              audio: `${root}/l${lineNumber}.wav`,
              duration,
              words: random() < 0.3 ? spreadWords(text, duration) : [],
            };
          }),
        };
      }),
    })),
  };
}

/** Word timings as a voice provider gives them: relative to the line, with small pauses. */
export function spreadWords(text: string, duration: number): WordTiming[] {
  const words = text.split(" ");
  const step = duration / words.length;
  return words.map((word, index) => ({
    word,
    start: index * step,
    end: index * step + step * 0.9,
  }));
}
