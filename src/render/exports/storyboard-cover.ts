import { count, element, formatUsd, escapeHtml as html } from "./storyboard-markup.js";
import { chapterAnchor, imageTag, sum, sumCosts } from "./storyboard-scenes.js";
import type { StoryboardInput } from "./storyboard-types.js";

/**
 * The top of the page: title and totals, the chapter index, and the cast with the portraits
 * every image of a character was drawn from.
 */

export function cover(input: StoryboardInput): string {
  const scenes = input.chapters.flatMap((chapter) => chapter.screenplay.scenes);
  const cost = sumCosts(
    scenes.map((scene) => scene.id),
    input.sceneCosts,
  );
  const totals: Array<[string, string]> = [
    ["Chapters", String(input.chapters.length)],
    ["Scenes", String(scenes.length)],
    ["Shots", String(sum(scenes, (scene) => scene.shots.length))],
    ["Lines", String(sum(scenes, (scene) => scene.lines.length))],
    ["Cost", formatUsd(cost)],
  ];
  const { author } = input.book;
  const style = input.bible.style.visual.trim();
  const header = element(
    "header",
    { class: "book" },
    element("p", { class: "kicker" }, "Storyboard"),
    element("h1", {}, html(input.book.title)),
    author ? element("p", { class: "author" }, `by ${html(author)}`) : "",
    element(
      "dl",
      { class: "totals" },
      ...totals.map(([name, value]) =>
        element("div", {}, element("dt", {}, name), element("dd", {}, html(value))),
      ),
    ),
    style === ""
      ? ""
      : element("p", { class: "style" }, element("span", {}, "Visual style"), ` ${html(style)}`),
  );
  return [header, chapterIndex(input), cast(input)].filter((part) => part !== "").join("\n");
}

function chapterIndex(input: StoryboardInput): string {
  if (input.chapters.length < 2) return "";
  const items = input.chapters.map(({ screenplay }) => {
    const { index, title } = screenplay.chapter;
    const link = element(
      "a",
      { href: `#${chapterAnchor(index)}` },
      element("span", { class: "chapter-number" }, String(index)),
      ` ${html(title)}`,
    );
    const scenes = element("span", { class: "meta" }, count(screenplay.scenes.length, "scene"));
    return element("li", {}, link, " ", scenes);
  });
  return element("nav", { class: "toc", "aria-label": "Chapters" }, element("ol", {}, ...items));
}

function cast(input: StoryboardInput): string {
  const characters = input.bible.characters;
  if (characters.length === 0) return "";
  const members = characters.map((character) => {
    const portrait = input.media.portraits.get(character.id);
    const face = portrait
      ? imageTag(portrait, character.name, "portrait")
      : element(
          "span",
          { class: "portrait initials", "aria-hidden": "true" },
          html(initials(character.name)),
        );
    return element(
      "li",
      { class: "member" },
      face,
      element("span", { class: "name" }, html(character.name)),
      element("span", { class: "role" }, html(character.role)),
    );
  });
  return element(
    "section",
    { class: "cast", "aria-label": "Cast" },
    element("h2", {}, "Cast"),
    element("ul", {}, ...members),
  );
}

function initials(name: string): string {
  const words = name.split(/\s+/).filter((word) => word !== "");
  return words
    .slice(0, 2)
    .map((word) => [...word][0]?.toUpperCase() ?? "")
    .join("");
}
