import { type Line, NARRATOR, type Scene, type Shot } from "../../script/schema.js";
import {
  count,
  element,
  formatUsd,
  escapeHtml as html,
  openTag,
  relativeUrl,
  speakerHue,
} from "./storyboard-markup.js";
import type { StoryboardChapter, StoryboardImage, StoryboardInput } from "./storyboard-types.js";

/**
 * The body of the contact sheet: a chapter is a header with its files, then its scenes; a
 * scene is its heading, mood, summary and cost, then a grid of shot cards; a shot card is the
 * still, the camera and description, and the lines spoken over it with a player each.
 */

/** Speaker id → display name; the narrator and unknown ids get readable fallbacks. */
export type SpeakerNames = ReadonlyMap<string, string>;

export function speakerNames(input: StoryboardInput): SpeakerNames {
  const names = new Map(input.bible.characters.map((character) => [character.id, character.name]));
  names.set(NARRATOR, "Narrator");
  return names;
}

export function chapterAnchor(index: number): string {
  return `chapter-${String(index).padStart(2, "0")}`;
}

export function chapterSection(
  chapter: StoryboardChapter,
  input: StoryboardInput,
  names: SpeakerNames,
): string {
  const { index, title } = chapter.screenplay.chapter;
  const scenes = chapter.screenplay.scenes;
  const cost = sumCosts(
    scenes.map((scene) => scene.id),
    input.sceneCosts,
  );
  const meta = [
    count(scenes.length, "scene"),
    count(
      sum(scenes, (scene) => scene.shots.length),
      "shot",
    ),
    count(
      sum(scenes, (scene) => scene.lines.length),
      "line",
    ),
    element("span", { class: "cost", title: "spent on this chapter" }, formatUsd(cost)),
  ];
  const files = [
    fileLink(chapter.video, "▶ Video (MP4)", "file video"),
    fileLink(chapter.subtitles.srt, "Subtitles (SRT)", "file"),
    fileLink(chapter.subtitles.vtt, "Subtitles (WebVTT)", "file"),
  ].filter((link) => link !== "");
  const head = element(
    "header",
    { class: "chapter-head" },
    element(
      "h2",
      {},
      element("span", { class: "chapter-number" }, `Chapter ${index}`),
      ` ${html(title)}`,
    ),
    element("p", { class: "meta" }, meta.join(" · ")),
    files.length > 0
      ? element("p", { class: "files" }, files.join(" "))
      : element("p", { class: "files none" }, "Not rendered yet"),
  );
  const body = scenes.map((scene, position) => sceneSection(scene, position + 1, input, names));
  const id = chapterAnchor(index);
  return element("section", { class: "chapter", id }, head, "\n", body.join("\n"), "\n");
}

/** Sum of the known costs; undefined when none of the ids has one (shown as "—", not $0). */
export function sumCosts(
  ids: readonly string[],
  costs: ReadonlyMap<string, number>,
): number | undefined {
  const known = ids.map((id) => costs.get(id)).filter((cost) => cost !== undefined);
  return known.length === 0 ? undefined : sum(known, (cost) => cost);
}

export function sum<Item>(items: readonly Item[], value: (item: Item) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}

/** Eager on purpose: a lazy image below the fold never loads in a headless check or a print. */
export function imageTag(image: StoryboardImage, alt: string, className: string): string {
  return openTag("img", {
    class: className,
    src: relativeUrl(image.path),
    width: Math.round(image.width),
    height: Math.round(image.height),
    alt,
    decoding: "async",
  });
}

function fileLink(path: string | null, label: string, className: string): string {
  return path === null ? "" : element("a", { class: className, href: relativeUrl(path) }, label);
}

function sceneSection(scene: Scene, number: number, input: StoryboardInput, names: SpeakerNames) {
  const cost = formatUsd(input.sceneCosts.get(scene.id));
  const meta = [
    element("span", { class: "mood" }, html(scene.mood)),
    count(scene.shots.length, "shot"),
    count(scene.lines.length, "line"),
    element("span", { class: "cost", title: "spent on this scene" }, cost),
  ];
  const head = element(
    "header",
    { class: "scene-head" },
    element(
      "h3",
      {},
      element("span", { class: "scene-number" }, String(number)),
      " ",
      element("span", { class: "heading" }, html(scene.heading)),
    ),
    element("p", { class: "meta" }, meta.join(" · ")),
    scene.summary.trim() === "" ? "" : element("p", { class: "summary" }, html(scene.summary)),
  );
  const shots = scene.shots.map((shot) => shotCard(shot, scene, input, names));
  // A line naming no shot of its scene (a hand edit) is still shown, after the shots.
  const shotIds = new Set(scene.shots.map((shot) => shot.id));
  const stray = scene.lines.filter((line) => !shotIds.has(line.shot));
  return element(
    "section",
    { class: "scene", id: scene.id },
    head,
    element("div", { class: "shots" }, "\n", shots.join("\n"), "\n"),
    stray.length === 0 ? "" : lineList(stray, input, names, "lines stray"),
  );
}

function shotCard(shot: Shot, scene: Scene, input: StoryboardInput, names: SpeakerNames): string {
  const image = input.media.shots.get(shot.id);
  const clip = input.media.clips.get(shot.id);
  const inFrame = shot.characters.map((id) => names.get(id) ?? id).join(", ");
  const still = image
    ? imageTag(image, shot.description, "still")
    : element("div", { class: "still missing", role: "img" }, "not generated");
  const caption = element(
    "figcaption",
    {},
    element("span", { class: "camera" }, html(shot.camera)),
    ` ${html(shot.description)}`,
    inFrame === "" ? "" : element("span", { class: "in-frame" }, html(inFrame)),
    clip === undefined ? "" : element("a", { class: "clip", href: relativeUrl(clip) }, "clip"),
  );
  const lines = scene.lines.filter((line) => line.shot === shot.id);
  return element(
    "article",
    { class: "shot", id: shot.id },
    element("figure", {}, still, caption),
    lines.length > 0
      ? lineList(lines, input, names, "lines")
      : element("p", { class: "silent" }, "No lines: the picture holds."),
  );
}

function lineList(lines: Line[], input: StoryboardInput, names: SpeakerNames, className: string) {
  return element("ol", { class: className }, ...lines.map((line) => lineItem(line, input, names)));
}

function lineItem(line: Line, input: StoryboardInput, names: SpeakerNames): string {
  const audio = input.media.lines.get(line.id);
  const narrator = line.speaker === NARRATOR;
  const speaker = element(
    "span",
    { class: "speaker" },
    html(names.get(line.speaker) ?? line.speaker),
  );
  const emotion =
    line.emotion === "neutral"
      ? ""
      : ` ${element("span", { class: "emotion" }, html(line.emotion))}`;
  return element(
    "li",
    {
      class: narrator ? "line narrator" : "line",
      style: narrator ? undefined : `--hue:${speakerHue(line.speaker)}`,
      id: line.id,
    },
    element("p", {}, speaker, emotion),
    element("p", { class: "text" }, html(line.text)),
    audio === undefined
      ? element("p", { class: "no-audio" }, "no audio yet")
      : element("audio", { controls: "", preload: "none", src: relativeUrl(audio) }),
  );
}
