import { createCanvas, loadImage } from "@napi-rs/canvas";
import { describe, expect, it } from "vitest";
import type { ImageCallOptions, JobStart } from "../spec/index.js";
import { StoryboardImageModel } from "./storyboard-image-model.js";
import { characterColour, frameLayout, placeFigures } from "./storyboard-layout.js";

const model = new StoryboardImageModel();

const shot: ImageCallOptions = {
  prompt: "WIDE. Elizabeth stands by the fire while Mr. Darcy enters.",
  width: 640,
  height: 360,
  frame: {
    heading: "INT. DRAWING ROOM - NIGHT",
    description: "WIDE. Elizabeth stands by the fire while Mr. Darcy enters.",
    characters: [
      { id: "elizabeth", name: "Elizabeth Bennet" },
      { id: "darcy", name: "Mr. Darcy" },
    ],
    caption: "You are too generous to trifle with me.",
  },
};

function png(result: JobStart): Uint8Array {
  if (result.state !== "succeeded") throw new Error("expected a finished frame");
  const data = result.outputs[0]?.data;
  if (!data) throw new Error("no image bytes");
  return data;
}

async function pixel(bytes: Uint8Array, x: number, y: number): Promise<string> {
  const image = await loadImage(Buffer.from(bytes));
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const [red, green, blue] = context.getImageData(Math.round(x), Math.round(y), 1, 1).data;
  return `#${[red, green, blue].map((value) => (value ?? 0).toString(16).padStart(2, "0")).join("")}`;
}

/** Where the first character's head centre lands, from the same layout rules the drawing uses. */
function headOf(options: ImageCallOptions, framing: "wide" | "medium" | "close-up") {
  const layout = frameLayout(options.width, options.height, Boolean(options.frame?.caption));
  const figure = placeFigures(options.frame?.characters ?? [], framing, layout.figureArea)
    .figures[0];
  if (!figure) throw new Error("no figure");
  return { x: figure.centerX, y: figure.top + figure.headRadius * 0.55 };
}

describe("StoryboardImageModel", () => {
  it("draws a PNG at the requested size, free but counted", async () => {
    const result = await model.doStart(shot);
    const bytes = png(result);
    expect(Buffer.from(bytes.subarray(1, 4)).toString("ascii")).toBe("PNG");
    const image = await loadImage(Buffer.from(bytes));
    expect([image.width, image.height]).toEqual([640, 360]);
    if (result.state !== "succeeded") throw new Error("unreachable");
    expect(result.usage).toEqual({ images: 1 });
    expect(result.providerCostUsd).toBeUndefined();
    expect(result.outputs[0]?.mediaType).toBe("image/png");
  });

  it("renders byte-identical frames for the same input (the cache relies on it)", async () => {
    const first = png(await model.doStart(shot));
    const second = png(await new StoryboardImageModel().doStart(shot));
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    const other = png(
      await model.doStart({ ...shot, frame: { ...shot.frame, caption: "Another line." } }),
    );
    expect(Buffer.from(first).equals(Buffer.from(other))).toBe(false);
  });

  it("paints a character in the same colour in different scenes", async () => {
    const lizzy = shot.frame?.characters?.[0];
    if (!lizzy) throw new Error("fixture");
    const dayScene: ImageCallOptions = {
      prompt: "CLOSE-UP on Elizabeth reading a letter",
      width: 400,
      height: 600,
      frame: { heading: "EXT. GARDEN - DAY", characters: [lizzy] },
    };
    const nightHead = headOf(shot, "wide");
    const dayHead = headOf(dayScene, "close-up");
    const nightColour = await pixel(png(await model.doStart(shot)), nightHead.x, nightHead.y);
    const dayColour = await pixel(png(await model.doStart(dayScene)), dayHead.x, dayHead.y);
    expect(nightColour).toBe(characterColour("elizabeth").fill);
    expect(dayColour).toBe(characterColour("elizabeth").fill);
  });

  it("falls back to the prompt and warns about settings it ignores", async () => {
    const result = await model.doStart({
      prompt: "A ship leaves the harbour at dawn.",
      width: 320,
      height: 180,
      negativePrompt: "blurry",
    });
    expect(png(result).byteLength).toBeGreaterThan(1000);
    if (result.state !== "succeeded") throw new Error("unreachable");
    expect(result.warnings.map((warning) => warning.setting)).toContain("negativePrompt");
  });

  it("warns instead of crashing when no installed font covers the text's script", async () => {
    const result = await model.doStart({
      prompt: "二人は黙って座っている。",
      width: 320,
      height: 180,
      frame: { heading: "INT. 茶室 - NIGHT", characters: [{ id: "yuki", name: "雪" }] },
    });
    expect(png(result).byteLength).toBeGreaterThan(1000);
    if (result.state !== "succeeded") throw new Error("unreachable");
    const fontWarnings = result.warnings.filter((warning) => /font/.test(warning.message));
    // Either a CJK font is installed (no warning) or the warning names the script.
    for (const warning of fontWarnings) expect(warning.message).toMatch(/Han/);
  });

  it("rejects absurd frame sizes as a bad request", async () => {
    await expect(model.doStart({ ...shot, width: 0 })).rejects.toMatchObject({
      failure: "bad-request",
    });
  });
});
