import { describe, expect, it } from "vitest";
import {
  characterColour,
  detectFraming,
  frameLayout,
  placeFigures,
  scenePalette,
} from "./storyboard-layout.js";
import { wrapText } from "./text-wrap.js";

const cast = [
  { id: "elizabeth", name: "Elizabeth" },
  { id: "darcy", name: "Mr. Darcy" },
];

describe("storyboard layout", () => {
  it("reads the camera framing from the shot description", () => {
    expect(detectFraming("WIDE. The ballroom fills")).toBe("wide");
    expect(detectFraming("Establishing shot of Pemberley")).toBe("wide");
    expect(detectFraming("CLOSE-UP on the letter")).toBe("close-up");
    expect(detectFraming("close up: her hands")).toBe("close-up");
    expect(detectFraming("Medium two-shot at the window")).toBe("medium");
    expect(detectFraming("They talk.")).toBe("medium");
  });

  it("gives a character the same colour every time and different characters different colours", () => {
    expect(characterColour("elizabeth")).toEqual(characterColour("elizabeth"));
    expect(characterColour("Elizabeth ")).toEqual(characterColour("elizabeth"));
    expect(characterColour("elizabeth").fill).not.toBe(characterColour("darcy").fill);
    expect(characterColour("darcy").fill).toMatch(/^#[0-9a-f]{6}$/);
  });

  it("darkens the backdrop at night and lightens it by day", () => {
    expect(scenePalette("INT. DRAWING ROOM - NIGHT", "").dark).toBe(true);
    expect(scenePalette("EXT. GARDEN - DAY", "").dark).toBe(false);
    expect(scenePalette("INT. HALL - NIGHT", "")).toEqual(scenePalette("INT. HALL - NIGHT", ""));
  });

  it("draws figures bigger the closer the camera", () => {
    const area = { x: 0, y: 0, width: 800, height: 600 };
    const radius = (framing: "wide" | "medium" | "close-up") =>
      placeFigures(cast, framing, area).figures[0]?.headRadius ?? 0;
    expect(radius("wide")).toBeLessThan(radius("medium"));
    expect(radius("medium")).toBeLessThan(radius("close-up"));
  });

  it("counts characters it has no room for", () => {
    const crowd = Array.from({ length: 9 }, (_, index) => ({ id: `c${index}`, name: `C${index}` }));
    const placed = placeFigures(crowd, "medium", { x: 0, y: 0, width: 800, height: 600 });
    expect(placed.figures).toHaveLength(4);
    expect(placed.hiddenCount).toBe(5);
  });

  it("stacks the description above the figures in portrait frames", () => {
    const portrait = frameLayout(720, 1280, true);
    expect(portrait.figureArea.y).toBeGreaterThan(portrait.descriptionPanel.y);
    const landscape = frameLayout(1280, 720, false);
    expect(landscape.figureArea.x).toBeGreaterThan(landscape.descriptionPanel.x);
    expect(landscape.captionBar).toBeNull();
  });
});

describe("wrapText", () => {
  const measure = (text: string) => Array.from(text).length * 10;

  it("wraps at word boundaries and keeps punctuation with its word", () => {
    const { lines } = wrapText("Hello, world. It is late, isn't it?", 130, measure, 5);
    expect(lines).toEqual(["Hello, world.", "It is late,", "isn't it?"]);
  });

  it("wraps text without spaces (Japanese)", () => {
    const { lines } = wrapText("吾輩は猫である。名前はまだ無い。", 60, measure, 10);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.join("")).toBe("吾輩は猫である。名前はまだ無い。");
  });

  it("ends with an ellipsis when the text does not fit", () => {
    const { lines, truncated } = wrapText("one two three four five six", 50, measure, 2);
    expect(truncated).toBe(true);
    expect(lines).toHaveLength(2);
    expect(lines[1]?.endsWith("…")).toBe(true);
  });
});
