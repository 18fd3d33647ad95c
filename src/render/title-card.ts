import { missingGlyphWarnings, prepareFonts } from "../providers/local/storyboard-fonts.js";
import { fitText, wrapText } from "../providers/local/text-wrap.js";
import type { Warning } from "../providers/spec/index.js";

/**
 * The chapter's title card, drawn in Node rather than with ffmpeg's `drawtext`: drawtext
 * needs a font file path and escaping inside the graph, and a single font rarely covers the
 * book's script. Skia falls back glyph by glyph along the storyboard's family list, so a
 * Japanese or Arabic title draws on both ffmpeg builds alike.
 */
export interface TitleCardContent {
  width: number;
  height: number;
  title: string;
  subtitle: string | null;
}

const BACKGROUND = "#1d2233";
const ACCENT = "#c9a45c";

/**
 * The card as PNG bytes: the title (up to three rows) centred, the subtitle under a rule.
 * Warnings name characters no installed font covers (drawn as boxes; the fix is a font).
 */
export async function drawTitleCard(
  content: TitleCardContent,
): Promise<{ png: Uint8Array; warnings: Warning[] }> {
  const canvas = await import("@napi-rs/canvas");
  const fonts = prepareFonts(canvas);
  const { width, height } = content;
  const surface = canvas.createCanvas(width, height);
  const context = surface.getContext("2d");
  context.fillStyle = BACKGROUND;
  context.fillRect(0, 0, width, height);

  const unit = Math.min(width, height) / 100;
  const titleSize = Math.max(10, Math.round(unit * 9));
  const subtitleSize = Math.max(8, Math.round(unit * 5));
  const maxWidth = width * 0.84;
  context.font = `bold ${titleSize}px ${fonts.family}`;
  const rows = wrapText(
    content.title,
    maxWidth,
    (text) => context.measureText(text).width,
    3,
  ).lines;
  const lineHeight = titleSize * 1.25;
  const subtitleBlock = content.subtitle ? subtitleSize * 2.6 : 0;
  let y = (height - rows.length * lineHeight - subtitleBlock) / 2 + titleSize;
  context.textAlign = "center";
  context.fillStyle = "#f4f1ea";
  for (const row of rows) {
    context.fillText(row, width / 2, y);
    y += lineHeight;
  }
  if (content.subtitle) {
    context.fillStyle = ACCENT;
    const rule = Math.max(1, Math.round(unit * 0.4));
    context.fillRect(width * 0.4, y - titleSize * 0.5, width * 0.2, rule);
    context.font = `${subtitleSize}px ${fonts.family}`;
    const measure = (text: string) => context.measureText(text).width;
    context.fillText(fitText(content.subtitle, maxWidth, measure), width / 2, y + subtitleSize);
  }
  const warnings = missingGlyphWarnings(canvas, fonts, `${content.title}${content.subtitle ?? ""}`);
  return { png: new Uint8Array(await surface.encode("png")), warnings };
}
