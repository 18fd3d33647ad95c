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
});
