import { stableHash } from "./stable-hash.js";

/**
 * The pure half of a storyboard frame: framing, colours and where things go. Kept apart from
 * the canvas so the rules (a character keeps its colour in every frame, a close-up has
 * bigger figures than a wide shot) are testable without drawing.
 */
export type Framing = "wide" | "medium" | "close-up";

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const FRAMING_PATTERNS: Array<[Framing, RegExp]> = [
  ["close-up", /\b(extreme\s+)?close[\s-]?up\b|\b(e?cu|insert)\b|\bclose\s+on\b/i],
  ["wide", /\b(wide|establishing|long\s+shot|full\s+shot|aerial|ws|els|ls)\b/i],
  ["medium", /\b(medium|mid[\s-]?shot|two[\s-]?shot|ms|mcu|over[\s-]the[\s-]shoulder|ots)\b/i],
];

/** The camera framing a shot description asks for; medium when it names none. */
export function detectFraming(text: string): Framing {
  for (const [framing, pattern] of FRAMING_PATTERNS) if (pattern.test(text)) return framing;
  return "medium";
}

export function framingLabel(framing: Framing): string {
  return framing === "close-up" ? "CLOSE-UP" : framing.toUpperCase();
}

/** A colour as hex, from HSL (hue 0–360, saturation and lightness 0–100). */
export function hslToHex(hue: number, saturation: number, lightness: number): string {
  const s = saturation / 100;
  const l = lightness / 100;
  const chroma = s * Math.min(l, 1 - l);
  const channel = (offset: number): string => {
    const k = (offset + hue / 30) % 12;
    const value = l - chroma * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255)
      .toString(16)
      .padStart(2, "0");
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

export interface CharacterColour {
  fill: string;
  /** Text drawn on `fill`: black or white, whichever reads better. */
  ink: string;
}

/** The same character id gives the same colour in every frame and every run. */
export function characterColour(id: string): CharacterColour {
  const hash = stableHash(id.trim().toLowerCase());
  const hue = hash % 360;
  const saturation = 55 + ((hash >>> 9) % 25);
  const lightness = 40 + ((hash >>> 17) % 20);
  // Yellows and greens read as light even at the same HSL lightness.
  const looksLight = lightness >= 52 || (hue > 45 && hue < 190 && lightness >= 45);
  return { fill: hslToHex(hue, saturation, lightness), ink: looksLight ? "#111111" : "#ffffff" };
}

export interface ScenePalette {
  skyTop: string;
  skyBottom: string;
  floor: string;
  ink: string;
  panel: string;
  panelInk: string;
  dark: boolean;
}

const MOOD_HUES: Array<[RegExp, number]> = [
  [/\b(fire|candle|hearth|lamp|sunset|desert)\w*/i, 30],
  [/\b(sea|ocean|river|lake|rain|harbou?r|beach|ship)\w*/i, 205],
  [/\b(forest|garden|wood|woods|park|meadow|field)s?\b/i, 115],
  [/\b(snow|ice|winter|frost)\w*/i, 195],
  [/\b(blood|battle|war|anger|red)\b/i, 355],
];

/** Background colours from the scene heading's place and time of day (and mood words). */
export function scenePalette(heading: string, description: string): ScenePalette {
  const time = /-\s*([^-]+)$/.exec(heading)?.[1]?.trim().toUpperCase() ?? "";
  const place = heading.replace(/-\s*[^-]+$/, "").trim();
  const mood = MOOD_HUES.find(([pattern]) => pattern.test(`${place} ${description}`));
  const hue = mood ? mood[1] : stableHash(place.toLowerCase() || description) % 360;
  const exterior = /^\s*(EXT|I\/E|INT\.?\/EXT)/i.test(heading);
  if (/NIGHT|MIDNIGHT/.test(time))
    return darkPalette(hue, exterior ? 35 : 22, [10, 20], hslToHex(hue, 20, 14));
  if (/DUSK|EVENING|DAWN|SUNSET|TWILIGHT/.test(time))
    return darkPalette((hue + 20) % 360, 40, [26, 40], hslToHex(hue, 25, 20));
  const saturation = exterior ? 30 : 18;
  return {
    skyTop: hslToHex(hue, saturation, 92),
    skyBottom: hslToHex(hue, saturation, 82),
    floor: hslToHex(hue, saturation - 5, 72),
    ink: "#1b1b1b",
    panel: "rgba(255, 255, 255, 0.82)",
    panelInk: "#1b1b1b",
    dark: false,
  };
}

function darkPalette(
  hue: number,
  saturation: number,
  [top, bottom]: [number, number],
  floor: string,
): ScenePalette {
  return {
    skyTop: hslToHex(hue, saturation, top),
    skyBottom: hslToHex(hue, saturation, bottom),
    floor,
    ink: "#f1f1f1",
    panel: "rgba(12, 12, 16, 0.72)",
    panelInk: "#f1f1f1",
    dark: true,
  };
}

export interface FigurePlacement {
  id: string;
  name: string;
  colour: CharacterColour;
  centerX: number;
  /** Top of the head; the figure is 9 head radii tall and may run off the frame's bottom. */
  top: number;
  headRadius: number;
}

/** How tall a figure is, in multiples of the figure area's height, per framing. */
const FIGURE_HEIGHT: Record<Framing, number> = { wide: 0.5, medium: 1.35, "close-up": 3.2 };
const MAX_FIGURES: Record<Framing, number> = { wide: 6, medium: 4, "close-up": 2 };

/** Figures side by side in `area`, bigger the closer the camera; extras are counted, not drawn. */
export function placeFigures(
  characters: ReadonlyArray<{ id: string; name: string }>,
  framing: Framing,
  area: Box,
): { figures: FigurePlacement[]; hiddenCount: number } {
  const shown = characters.slice(0, MAX_FIGURES[framing]);
  if (shown.length === 0) return { figures: [], hiddenCount: 0 };
  const slotWidth = area.width / shown.length;
  const heightRadius = (area.height * FIGURE_HEIGHT[framing]) / 9;
  // Figures must not overlap their neighbours: a torso is 3 radii wide, a badge wider.
  const headRadius = Math.max(2, Math.min(heightRadius, slotWidth / 4.2));
  // Wide: feet on the floor. Medium: head near the top. Close-up: eyes near the upper third.
  const figureTop =
    framing === "wide"
      ? area.y + area.height * 0.78 - 9 * headRadius
      : framing === "medium"
        ? area.y + area.height * 0.12
        : Math.max(area.y, area.y + area.height * 0.4 - 1.2 * headRadius);
  const figures = shown.map((character, index) => ({
    id: character.id,
    name: character.name,
    colour: characterColour(character.id),
    centerX: area.x + slotWidth * (index + 0.5),
    top: figureTop,
    headRadius,
  }));
  return { figures, hiddenCount: characters.length - shown.length };
}

export interface FrameLayout {
  headingBar: Box;
  captionBar: Box | null;
  stage: Box;
  descriptionPanel: Box;
  figureArea: Box;
  /** Horizon line y within the stage (wide and medium shots). */
  horizonY: number;
  unit: number;
}

/** Regions of the frame; portrait frames stack the description above the figures. */
export function frameLayout(width: number, height: number, hasCaption: boolean): FrameLayout {
  const unit = Math.min(width, height) / 100;
  const barHeight = Math.max(14, Math.round(unit * 9));
  const headingBar = { x: 0, y: 0, width, height: barHeight };
  const captionHeight = hasCaption ? Math.max(16, Math.round(unit * 12)) : 0;
  const captionBar = hasCaption
    ? { x: 0, y: height - captionHeight, width, height: captionHeight }
    : null;
  const stage = { x: 0, y: barHeight, width, height: height - barHeight - captionHeight };
  const margin = Math.round(unit * 3);
  const landscape = width >= height * 1.2;
  const descriptionPanel = landscape
    ? {
        x: margin,
        y: stage.y + margin,
        width: Math.round(width * 0.42),
        height: stage.height - 2 * margin,
      }
    : {
        x: margin,
        y: stage.y + margin,
        width: width - 2 * margin,
        height: Math.round(stage.height * 0.34),
      };
  const figureArea = landscape
    ? {
        x: descriptionPanel.x + descriptionPanel.width + margin,
        y: stage.y + margin,
        width: width - descriptionPanel.width - 3 * margin,
        height: stage.height - margin,
      }
    : {
        x: margin,
        y: descriptionPanel.y + descriptionPanel.height + margin,
        width: width - 2 * margin,
        height: stage.y + stage.height - (descriptionPanel.y + descriptionPanel.height + margin),
      };
  return {
    headingBar,
    captionBar,
    stage,
    descriptionPanel,
    figureArea,
    horizonY: stage.y + stage.height * 0.66,
    unit,
  };
}
