import { describe, expect, it } from "vitest";
import { splitScenes, storyText } from "./scenes.js";

const paragraph = (word: string, count: number) =>
  `${Array.from({ length: count }, () => word).join(" ")}.`;

describe("scene splitting", () => {
  it("breaks at section markers", () => {
    const text = [
      paragraph("alpha", 80),
      "* * *",
      paragraph("beta", 80),
      "***",
      paragraph("gamma", 80),
    ].join("\n\n");
    const scenes = splitScenes(text);
    expect(scenes.map((scene) => scene.paragraphs[0]?.split(" ")[0])).toEqual([
      "alpha",
      "beta",
      "gamma",
    ]);
  });

  it("breaks at a wide blank-line gap only when such gaps are the exception", () => {
    const body = [
      paragraph("one", 80),
      paragraph("two", 80),
      paragraph("three", 80),
      paragraph("four", 80),
    ];
    const withGap = `${body[0]}\n\n${body[1]}\n\n\n\n${body[2]}\n\n${body[3]}`;
    expect(splitScenes(withGap)).toHaveLength(2);
    const everywhere = body.join("\n\n\n\n");
    expect(splitScenes(everywhere)).toHaveLength(1);
  });

  it("starts a scene at a shift of time once the scene is long enough", () => {
    const long = [
      paragraph("talk", 300),
      "The next morning they rode out.",
      paragraph("ride", 100),
    ].join("\n\n");
    expect(splitScenes(long)).toHaveLength(2);
    const short = [
      paragraph("talk", 40),
      "The next morning they rode out.",
      paragraph("ride", 100),
    ].join("\n\n");
    expect(splitScenes(short)).toHaveLength(1);
  });

  it("does not make micro-scenes out of many markers", () => {
    const text = Array.from(
      { length: 10 },
      (_unused, index) => `${paragraph(`w${index}`, 10)}\n\n* * *`,
    ).join("\n\n");
    const scenes = splitScenes(text);
    expect(scenes.length).toBeLessThan(4);
    expect(scenes.every((scene) => scene.words >= 20)).toBe(true);
  });

  it("drops illustration captions from the story", () => {
    const text = `He came.\n\n[Illustration: “He came down to see the place” [Copyright 1894.]]\n\nShe left.`;
    expect(storyText(text)).toBe("He came.\n\nShe left.");
    expect(splitScenes(text)[0]?.paragraphs).toEqual(["He came.", "She left."]);
  });

  it("cuts a long stretch with no cue into scenes by content, so an edit moves no far boundary", () => {
    const words = ["garden", "hall", "door", "key", "table", "bottle", "cake", "pool", "mouse"];
    const paragraphs = Array.from(
      { length: 60 },
      (_, index) => `${paragraph(words[index % words.length]!, 70)} Paragraph ${index}.`,
    );
    const before = splitScenes(paragraphs.join("\n\n"));
    expect(before.length).toBeGreaterThan(3);
    for (const scene of before.slice(0, -1)) expect(scene.words).toBeLessThanOrEqual(1600);
    // Lengthen one paragraph in the middle: scenes well before and after it are unchanged.
    const edited = [...paragraphs];
    edited[30] = `${edited[30]} ${paragraph("inserted", 120)}`;
    const after = splitScenes(edited.join("\n\n"));
    const texts = (scenes: typeof before) => scenes.map((scene) => scene.text);
    const containing = (scenes: typeof before, index: number) =>
      scenes.findIndex((scene) => scene.text.includes(`Paragraph ${index}.`));
    const editedScene = containing(before, 30);
    expect(texts(after).slice(0, editedScene)).toEqual(texts(before).slice(0, editedScene));
    const lastBefore = before.at(-1)!.text;
    const lastAfter = after.at(-1)!.text;
    expect(containing(before, 59)).toBeGreaterThan(editedScene);
    expect(lastAfter).toBe(lastBefore);
  });
});
