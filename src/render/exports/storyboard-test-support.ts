import { type Bible, bibleSchema, type Screenplay, screenplaySchema } from "../../script/schema.js";
import type { StoryboardImage, StoryboardInput } from "./storyboard-types.js";

/**
 * A small book for the storyboard's tests (unit and Chromium): two chapters, three scenes,
 * five shots, two portraits, and a line full of markup that must show literally.
 */

export const HOSTILE_LINE = `<script>alert("boo")</script> Tom & Jerry's "<b>bold</b>"`;
export const HOSTILE_TITLE = `Cakes & <Ale>`;

export const SHOT_SIZE = { width: 160, height: 90 } as const;
export const PORTRAIT_SIDE = 64;

export function storyboardBible(): Bible {
  const character = (id: string, name: string) => ({
    id,
    name,
    aliases: [],
    role: "major" as const,
    description: `${name}, drawn plainly.`,
    personality: "curious",
    gender: "unknown" as const,
    age: "adult" as const,
    voices: {},
    look: { prompt: name, seed: 7 },
    mentions: 3,
    firstChapter: 1,
  });
  return bibleSchema.parse({
    version: 1,
    book: { title: HOSTILE_TITLE, author: "A. N. Author", language: "en" },
    style: { visual: "Ink & watercolour", palette: "greens" },
    narrator: { voices: {} },
    characters: [character("alice", "Alice Liddell"), character("rabbit", "White <Rabbit>")],
    locations: [],
    writer: "extractive",
  });
}

function screenplay(index: number, sceneShots: number[]): Screenplay {
  const nn = String(index).padStart(2, "0");
  const scenes = sceneShots.map((shots, sceneIndex) => {
    const id = `ch${nn}-sc0${sceneIndex + 1}`;
    const shotIds = Array.from({ length: shots }, (_, shot) => `${id}-sh0${shot + 1}`);
    return {
      id,
      heading: sceneIndex === 0 ? "EXT. RIVERBANK - DAY" : "INT. HALL & DOORS - NIGHT",
      location: null,
      summary: `Scene ${sceneIndex + 1} of chapter ${index}.`,
      mood: "whimsical" as const,
      shots: shotIds.map((shotId, shot) => ({
        id: shotId,
        description:
          shot === 0 ? "A riverbank <in> summer & a book." : "The rabbit checks a watch.",
        camera: shot === 0 ? ("WIDE" as const) : ("CLOSE-UP" as const),
        characters: shot === 0 ? ["alice"] : ["rabbit"],
      })),
      lines: shotIds.map((shotId, line) => ({
        id: `${id}-ln00${line + 1}`,
        speaker: ["narrator", "alice", "rabbit"][line % 3] ?? "narrator",
        text: index === 1 && sceneIndex === 0 && line === 1 ? HOSTILE_LINE : `Line ${line + 1}.`,
        emotion: line === 1 ? ("excited" as const) : ("neutral" as const),
        shot: shotId,
      })),
      sourceHash: `source-${id}`,
    };
  });
  return screenplaySchema.parse({
    version: 1,
    chapter: { index, title: index === 1 ? "Down the <Rabbit>-Hole" : "The Pool", id: `c${index}` },
    targetMinutes: 1,
    writer: "extractive",
    writerVersion: "1",
    scenes,
  });
}

/** Chapter 1 (2 + 1 shots) is rendered; chapter 2 (2 shots) is not. */
export function storyboardInput(): StoryboardInput {
  const screenplays = [screenplay(1, [2, 1]), screenplay(2, [2])];
  const shots = new Map<string, StoryboardImage>();
  const lines = new Map<string, string>();
  for (const scene of screenplays.flatMap((play) => play.scenes)) {
    for (const shot of scene.shots)
      shots.set(shot.id, { path: `media/${shot.id}.png`, ...SHOT_SIZE });
    for (const line of scene.lines) lines.set(line.id, `media/${line.id}.wav`);
  }
  const portrait = (id: string) => ({
    path: `media/portrait-${id}.png`,
    width: PORTRAIT_SIDE,
    height: PORTRAIT_SIDE,
  });
  return {
    book: { title: HOSTILE_TITLE, author: "A. N. Author" },
    bible: storyboardBible(),
    chapters: [
      {
        screenplay: screenplays[0]!,
        video: "chapter-01-down-the-rabbit-hole.mp4",
        subtitles: {
          srt: "chapter-01-down-the-rabbit-hole.srt",
          vtt: "chapter-01-down-the-rabbit-hole.vtt",
        },
      },
      { screenplay: screenplays[1]!, video: null, subtitles: { srt: null, vtt: null } },
    ],
    media: {
      shots,
      clips: new Map(),
      lines,
      portraits: new Map([
        ["alice", portrait("alice")],
        ["rabbit", portrait("rabbit")],
      ]),
    },
    sceneCosts: new Map([
      ["ch01-sc01", 0.0123],
      ["ch01-sc02", 0],
      ["ch02-sc01", 1.5],
    ]),
  };
}
