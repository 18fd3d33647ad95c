import type { SKRSContext2D } from "@napi-rs/canvas";
import type { FontSet } from "./storyboard-fonts.js";
import {
  type Box,
  type FigurePlacement,
  type Framing,
  frameLayout,
  framingLabel,
  placeFigures,
  type ScenePalette,
  scenePalette,
} from "./storyboard-layout.js";
import { fitText, wrapText } from "./text-wrap.js";

type CanvasModule = typeof import("@napi-rs/canvas");

export interface FrameContent {
  width: number;
  height: number;
  heading: string;
  description: string;
  characters: ReadonlyArray<{ id: string; name: string }>;
  caption?: string;
  framing: Framing;
}

/**
 * Draws one animatic frame: scene heading bar, a backdrop from the scene's place and time,
 * the characters present as coloured figures sized by the framing, the shot description and
 * a caption. Everything is a function of the input, so the PNG bytes are too.
 */
export async function drawStoryboardFrame(
  canvas: CanvasModule,
  fonts: FontSet,
  content: FrameContent,
): Promise<Uint8Array> {
  const surface = canvas.createCanvas(content.width, content.height);
  const context = surface.getContext("2d");
  const layout = frameLayout(content.width, content.height, Boolean(content.caption));
  const palette = scenePalette(content.heading, content.description);
  const font = (weight: string, size: number): string =>
    `${weight} ${Math.max(7, Math.round(size))}px ${fonts.family}`;

  drawBackdrop(context, layout.stage, layout.horizonY, palette, content.framing);
  drawThirds(context, layout.stage, palette);
  const { figures, hiddenCount } = placeFigures(
    content.characters,
    content.framing,
    layout.figureArea,
  );
  context.save();
  clipTo(context, layout.stage);
  for (const figure of figures) drawFigure(context, figure, content.framing, layout.stage);
  for (const figure of figures) drawBadge(context, figure, layout.stage, layout.unit, font);
  if (hiddenCount > 0)
    drawMore(context, hiddenCount, layout.figureArea, layout.unit, palette, font);
  context.restore();
  drawDescription(
    context,
    content.description,
    layout.descriptionPanel,
    layout.unit,
    palette,
    font,
  );
  drawHeading(context, content.heading, framingLabel(content.framing), layout.headingBar, font);
  if (layout.captionBar && content.caption)
    drawCaption(context, content.caption, layout.captionBar, font);
  return new Uint8Array(await surface.encode("png"));
}

type Font = (weight: string, size: number) => string;

function clipTo(context: SKRSContext2D, box: Box): void {
  context.beginPath();
  context.rect(box.x, box.y, box.width, box.height);
  context.clip();
}

function drawBackdrop(
  context: SKRSContext2D,
  stage: Box,
  horizonY: number,
  palette: ScenePalette,
  framing: Framing,
): void {
  const sky = context.createLinearGradient(0, stage.y, 0, stage.y + stage.height);
  sky.addColorStop(0, palette.skyTop);
  sky.addColorStop(1, palette.skyBottom);
  context.fillStyle = sky;
  context.fillRect(stage.x, stage.y, stage.width, stage.height);
  if (framing === "close-up") return;
  // A floor with lines to a vanishing point reads as "room" or "ground" at a glance.
  const floorTop = framing === "wide" ? horizonY : horizonY + stage.height * 0.12;
  context.fillStyle = palette.floor;
  context.fillRect(stage.x, floorTop, stage.width, stage.y + stage.height - floorTop);
  context.strokeStyle = palette.dark ? "rgba(255,255,255,0.08)" : "rgba(0,0,0,0.08)";
  context.lineWidth = 1;
  const vanishX = stage.x + stage.width / 2;
  for (let step = -6; step <= 6; step++) {
    context.beginPath();
    context.moveTo(vanishX, floorTop);
    context.lineTo(vanishX + step * stage.width * 0.18, stage.y + stage.height);
    context.stroke();
  }
}

function drawThirds(context: SKRSContext2D, stage: Box, palette: ScenePalette): void {
  context.strokeStyle = palette.dark ? "rgba(255,255,255,0.06)" : "rgba(0,0,0,0.06)";
  context.setLineDash([4, 6]);
  context.beginPath();
  for (const fraction of [1 / 3, 2 / 3]) {
    context.moveTo(stage.x + stage.width * fraction, stage.y);
    context.lineTo(stage.x + stage.width * fraction, stage.y + stage.height);
    context.moveTo(stage.x, stage.y + stage.height * fraction);
    context.lineTo(stage.x + stage.width, stage.y + stage.height * fraction);
  }
  context.stroke();
  context.setLineDash([]);
}

/** A figure nine head radii tall: head, torso, arms, legs; eyes look towards the centre. */
function drawFigure(
  context: SKRSContext2D,
  figure: FigurePlacement,
  framing: Framing,
  stage: Box,
): void {
  const r = figure.headRadius;
  const x = figure.centerX;
  const headY = figure.top + r;
  const neckY = figure.top + 2.1 * r;
  context.fillStyle = figure.colour.fill;
  context.strokeStyle = "rgba(0,0,0,0.35)";
  context.lineWidth = Math.max(1, r * 0.08);
  const shapes: Array<() => void> = [
    () => context.roundRect(x - 1.5 * r, neckY, 3 * r, 3.7 * r, r * 0.6),
    () => context.roundRect(x - 2.05 * r, neckY + 0.2 * r, 0.7 * r, 3.2 * r, r * 0.35),
    () => context.roundRect(x + 1.35 * r, neckY + 0.2 * r, 0.7 * r, 3.2 * r, r * 0.35),
    () => context.roundRect(x - 1.2 * r, neckY + 3.5 * r, 1.1 * r, 3.4 * r, r * 0.3),
    () => context.roundRect(x + 0.1 * r, neckY + 3.5 * r, 1.1 * r, 3.4 * r, r * 0.3),
    () => context.arc(x, headY, r, 0, Math.PI * 2),
  ];
  for (const shape of shapes) {
    context.beginPath();
    shape();
    context.fill();
    context.stroke();
  }
  if (framing === "wide" && r < 6) return;
  const gaze = Math.sign(stage.x + stage.width / 2 - x) * r * 0.18;
  context.fillStyle = "rgba(0,0,0,0.7)";
  for (const side of [-1, 1]) {
    context.beginPath();
    context.arc(
      x + side * r * 0.35 + gaze,
      headY - r * 0.1,
      Math.max(0.8, r * 0.1),
      0,
      Math.PI * 2,
    );
    context.fill();
  }
}

function drawBadge(
  context: SKRSContext2D,
  figure: FigurePlacement,
  stage: Box,
  unit: number,
  font: Font,
): void {
  const size = Math.max(8, unit * 3.4);
  context.font = font("bold", size);
  const maxWidth = Math.max(size * 3, figure.headRadius * 4.2);
  const label = fitText(figure.name, maxWidth, (text) => context.measureText(text).width);
  const textWidth = Math.min(maxWidth, context.measureText(label).width);
  const padding = size * 0.45;
  const width = textWidth + 2 * padding;
  const height = size * 1.5;
  const wanted = figure.top + 2.1 * figure.headRadius + figure.headRadius * 0.6;
  const y = Math.min(wanted, stage.y + stage.height - height - unit * 2);
  const x = figure.centerX - width / 2;
  context.fillStyle = figure.colour.fill;
  context.strokeStyle = figure.colour.ink;
  context.lineWidth = Math.max(1, unit * 0.25);
  context.beginPath();
  context.roundRect(x, y, width, height, height / 2);
  context.fill();
  context.stroke();
  context.fillStyle = figure.colour.ink;
  context.textAlign = "center";
  context.textBaseline = "middle";
  context.fillText(label, figure.centerX, y + height / 2);
}

function drawMore(
  context: SKRSContext2D,
  hiddenCount: number,
  area: Box,
  unit: number,
  palette: ScenePalette,
  font: Font,
): void {
  context.font = font("bold", Math.max(8, unit * 3.4));
  context.fillStyle = palette.ink;
  context.textAlign = "right";
  context.textBaseline = "top";
  context.fillText(`+${hiddenCount} more`, area.x + area.width, area.y);
}

function drawDescription(
  context: SKRSContext2D,
  description: string,
  panel: Box,
  unit: number,
  palette: ScenePalette,
  font: Font,
): void {
  if (description.trim() === "") return;
  const padding = unit * 2.2;
  const innerWidth = panel.width - 2 * padding;
  // Shrink the type until the text fits, but never below a readable size; then truncate.
  let size = Math.max(9, unit * 4.2);
  let wrapped = { lines: [] as string[], truncated: false };
  for (; ; size *= 0.9) {
    context.font = font("normal", size);
    const maxLines = Math.max(1, Math.floor((panel.height - 2 * padding) / (size * 1.3)));
    wrapped = wrapText(
      description,
      innerWidth,
      (text) => context.measureText(text).width,
      maxLines,
    );
    if (!wrapped.truncated || size * 0.9 < Math.max(9, unit * 2.6)) break;
  }
  const lineHeight = size * 1.3;
  const height = wrapped.lines.length * lineHeight + 2 * padding;
  context.fillStyle = palette.panel;
  context.beginPath();
  context.roundRect(panel.x, panel.y, panel.width, height, unit * 1.2);
  context.fill();
  context.fillStyle = palette.panelInk;
  context.textAlign = "left";
  context.textBaseline = "top";
  wrapped.lines.forEach((line, index) => {
    context.fillText(line, panel.x + padding, panel.y + padding + index * lineHeight + size * 0.1);
  });
}

function drawHeading(
  context: SKRSContext2D,
  heading: string,
  framing: string,
  bar: Box,
  font: Font,
): void {
  context.fillStyle = "#14161c";
  context.fillRect(bar.x, bar.y, bar.width, bar.height);
  const size = bar.height * 0.46;
  const padding = bar.height * 0.45;
  context.font = font("bold", size);
  context.textBaseline = "middle";
  context.textAlign = "right";
  context.fillStyle = "#f5c542";
  const cameraText = `CAM · ${framing}`;
  context.fillText(cameraText, bar.width - padding, bar.height / 2);
  const cameraWidth = context.measureText(cameraText).width;
  context.textAlign = "left";
  context.fillStyle = "#ffffff";
  const maxWidth = bar.width - 3 * padding - cameraWidth;
  const text = fitText(
    heading.toUpperCase(),
    maxWidth,
    (value) => context.measureText(value).width,
  );
  context.fillText(text, padding, bar.height / 2);
}

function drawCaption(context: SKRSContext2D, caption: string, bar: Box, font: Font): void {
  context.fillStyle = "rgba(0,0,0,0.85)";
  context.fillRect(bar.x, bar.y, bar.width, bar.height);
  const size = bar.height * 0.3;
  context.font = font("italic", size);
  context.fillStyle = "#ffffff";
  context.textAlign = "center";
  context.textBaseline = "middle";
  const { lines } = wrapText(
    caption,
    bar.width - bar.height,
    (text) => context.measureText(text).width,
    2,
  );
  const lineHeight = size * 1.25;
  const firstY = bar.y + bar.height / 2 - ((lines.length - 1) * lineHeight) / 2;
  lines.forEach((line, index) => {
    context.fillText(line, bar.x + bar.width / 2, firstY + index * lineHeight);
  });
}
