import { describe, expect, it } from "vitest";
import { drawTitleCard } from "./title-card.js";

/** Bright pixels in the card: the text is light on a dark background. */
async function brightPixels({
  png,
}: {
  png: Uint8Array;
}): Promise<{ width: number; height: number; bright: number }> {
  const { createCanvas, loadImage } = await import("@napi-rs/canvas");
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const { data } = context.getImageData(0, 0, image.width, image.height);
  let bright = 0;
  for (let index = 0; index < data.length; index += 4) if ((data[index] ?? 0) > 150) bright += 1;
  return { width: image.width, height: image.height, bright };
}

describe("drawTitleCard", () => {
  it("draws a PNG of the frame's size with the title on it, no warnings for Latin text", async () => {
    const drawn = await drawTitleCard({
      width: 320,
      height: 180,
      title: "Chapter 1",
      subtitle: "A Tale",
    });
    const card = await brightPixels(drawn);
    expect(card).toMatchObject({ width: 320, height: 180 });
    expect(card.bright).toBeGreaterThan(100);
    expect(drawn.warnings).toEqual([]);
  });

  it("wraps a long Japanese title, and says so when no installed font covers it", async () => {
    const title = "第一章 吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。";
    const drawn = await drawTitleCard({ width: 180, height: 320, title, subtitle: null });
    const card = await brightPixels(drawn);
    const blank = await brightPixels(
      await drawTitleCard({ width: 180, height: 320, title: "", subtitle: null }),
    );
    expect(card).toMatchObject({ width: 180, height: 320 });
    expect(blank.bright).toBe(0);
    expect(card.bright).toBeGreaterThan(200);
    // Without a CJK font (fonts-noto-cjk) the glyphs are boxes: a warning names the fix.
    for (const warning of drawn.warnings) expect(warning.message).toMatch(/CJK font/);
  });
});
