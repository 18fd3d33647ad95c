import type { Bible } from "../schema.js";
import { terms } from "./text.js";

/**
 * One visual style per book, from the words it uses most: a period piece, a fairy tale, a
 * detective story … A plain default when no genre stands out. Simple on purpose: the user
 * can edit bible.json.
 */

const GENRES: ReadonlyArray<{ words: RegExp; visual: string; palette: string }> = [
  {
    words: /^(?:carriage|ball|estate|bonnet|footman|servants|drawing|parlour|ladyship|curate)$/,
    visual:
      "period drama illustration, nineteenth-century costume and interiors, painterly, soft window light",
    palette: "muted pastels, cream, sage green, dusty rose",
  },
  {
    words: /^(?:magic|fairy|dragon|wizard|rabbit|queen|wonderland|witch|enchanted|giant)$/,
    visual: "whimsical storybook illustration, ink and watercolour, expressive characters",
    palette: "bright watercolours, warm yellows, leaf greens, sky blue",
  },
  {
    words: /^(?:crime|police|detective|murder|inspector|clue|revolver|criminal|case)$/,
    visual: "Victorian detective noir illustration, gaslight, fog, strong shadows",
    palette: "sepia, charcoal, gaslight amber",
  },
  {
    words: /^(?:soldier|soldiers|regiment|battle|army|officer|cannon|war|troops)$/,
    visual: "historical epic painting, wide landscapes, uniforms and smoke",
    palette: "earth tones, smoke grey, muted red",
  },
  {
    words: /^(?:martian|martians|planet|machine|machines|cylinder|heat-ray|telescope)$/,
    visual: "vintage science-fiction illustration, dramatic skies, engraved detail",
    palette: "rust red, steel grey, sickly green",
  },
  {
    words: /^(?:monster|horror|grave|ghost|corpse|wretch|fiend|despair)$/,
    visual: "gothic illustration, candlelight, deep shadows",
    palette: "black, deep blue, candle gold",
  },
];

const DEFAULT_STYLE: Bible["style"] = {
  visual: "painterly book illustration, consistent characters, natural light",
  palette: "natural, balanced colours",
};

export function visualStyle(texts: readonly string[], language: string | null): Bible["style"] {
  // The genre words are English ("war" is "was" in German).
  if (language !== null && !/^en\b/i.test(language)) return DEFAULT_STYLE;
  const scores = GENRES.map(() => 0);
  let total = 0;
  for (const text of texts) {
    for (const term of terms(text)) {
      total++;
      GENRES.forEach((genre, index) => {
        if (genre.words.test(term)) scores[index]! += 1;
      });
    }
  }
  let best = -1;
  scores.forEach((score, index) => {
    if (score > 0 && (best < 0 || score > scores[best]!)) best = index;
  });
  // A genre counts only when its words are more than a trace of the book.
  const genre =
    best >= 0 && scores[best]! >= Math.max(5, total * 0.0005) ? GENRES[best] : undefined;
  return genre ? { visual: genre.visual, palette: genre.palette } : DEFAULT_STYLE;
}
