import { removeEmphasisMarks } from "./emphasis.js";

/**
 * Inline Markdown to plain text: emphasis, code, links and images, HTML tags and entities,
 * pandoc citations ([@key]), inline notes (^[…]), footnote references ([^1]), super- and
 * subscripts and TeX math ($\beta$ → β). Escaped characters (\*) are kept literally.
 */
const ESCAPABLE = /\\([\\`*_{}[\]()#+\-.!|~<>$@^"'=])/g;
/** Escaped characters are parked in the Private Use Area while markup is removed. */
const PARK_BASE = 0xe000;

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  mdash: "—",
  ndash: "–",
  hellip: "…",
};
const TEX: Record<string, string> = {
  alpha: "α",
  beta: "β",
  gamma: "γ",
  delta: "δ",
  epsilon: "ε",
  zeta: "ζ",
  eta: "η",
  theta: "θ",
  iota: "ι",
  kappa: "κ",
  lambda: "λ",
  mu: "μ",
  nu: "ν",
  xi: "ξ",
  pi: "π",
  rho: "ρ",
  sigma: "σ",
  tau: "τ",
  phi: "φ",
  chi: "χ",
  psi: "ψ",
  omega: "ω",
  Gamma: "Γ",
  Delta: "Δ",
  Theta: "Θ",
  Lambda: "Λ",
  Pi: "Π",
  Sigma: "Σ",
  Phi: "Φ",
  Psi: "Ψ",
  Omega: "Ω",
  times: "×",
  cdot: "·",
  pm: "±",
  infty: "∞",
  approx: "≈",
  leq: "≤",
  geq: "≥",
  neq: "≠",
  degree: "°",
  circ: "°",
  to: "→",
  rightarrow: "→",
  sqrt: "√",
  prime: "′",
};

export function renderInline(markdown: string): string {
  let text = markdown
    .replace(/\\(?:cite[pt]?|ref|label|index)\{[^}]*\}/g, "")
    .replace(/\\ /g, " ")
    .replace(ESCAPABLE, (_match, character: string) =>
      String.fromCharCode(PARK_BASE + character.charCodeAt(0)),
    );
  text = text.replace(/(`+)([\s\S]*?)\1/g, (_match, _ticks, code: string) => park(code.trim()));
  text = removeInlineNotes(text);
  text = text
    .replace(/\[\^[^\]\s]+\]/g, "")
    .replace(/\[(?:[^[\]]*?[\s;])?-?@[\p{L}\d_][^[\]]*\]/gu, "")
    .replace(/!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])?(?:\{[^}]*\})?/g, "")
    .replace(/\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)(?:\{[^}]*\})?/g, "$1")
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, "$1")
    .replace(/\[([^\]]+)\]\{[^}]*\}/g, "$1")
    .replace(/<((?:https?|ftp|mailto):[^>\s]+)>/gi, "$1")
    .replace(/<\/?[A-Za-z][^>]*>/g, "")
    .replace(/&(#x?[\da-f]+|[a-z]+);/gi, (match, name: string) => entity(name) ?? match)
    .replace(/\$\$([\s\S]+?)\$\$/g, (_match, math: string) => texToText(math))
    .replace(/\$(?=\S)([^$]+?)(?<=\S)\$/g, (_match, math: string) => texToText(math))
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, "$1")
    .replace(/\^(?=\S)([^\s^]+)\^/g, "$1")
    .replace(/~(?=\S)([^\s~]+)~/g, "$1");
  text = removeEmphasisMarks(text);
  return text
    .replace(/[\ue000-\ue0ff]/g, (character) =>
      String.fromCharCode(character.charCodeAt(0) - PARK_BASE),
    )
    .replace(/\s+/g, " ")
    .replace(/ ([.,;:!?])(?=\s|$)/g, "$1")
    .trim();
}

function park(text: string): string {
  return text.replace(/[*_~^$[\]\\<>]/g, (character) =>
    String.fromCharCode(PARK_BASE + character.charCodeAt(0)),
  );
}

/** Pandoc inline notes ^[…] may contain brackets of their own. */
function removeInlineNotes(text: string): string {
  let result = "";
  let position = 0;
  while (position < text.length) {
    const start = text.indexOf("^[", position);
    if (start === -1) break;
    result += text.slice(position, start);
    let depth = 0;
    let end = start + 1;
    for (; end < text.length; end++) {
      if (text[end] === "[") depth++;
      else if (text[end] === "]" && --depth === 0) break;
    }
    position = end + 1;
  }
  return result + text.slice(position);
}

function entity(name: string): string | null {
  if (name.startsWith("#")) {
    const code =
      name[1]?.toLowerCase() === "x" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : null;
  }
  return ENTITIES[name.toLowerCase()] ?? null;
}

const SUPERSCRIPT: Record<string, string> = {
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
  "+": "⁺",
  "-": "⁻",
  "=": "⁼",
  "(": "⁽",
  ")": "⁾",
  n: "ⁿ",
  i: "ⁱ",
};
const SUBSCRIPT: Record<string, string> = {
  "0": "₀",
  "1": "₁",
  "2": "₂",
  "3": "₃",
  "4": "₄",
  "5": "₅",
  "6": "₆",
  "7": "₇",
  "8": "₈",
  "9": "₉",
  "+": "₊",
  "-": "₋",
  "=": "₌",
  "(": "₍",
  ")": "₎",
};

/** Scripts as Unicode super/subscript characters when every character has one. */
function script(content: string, table: Record<string, string>, marker: string): string {
  const characters = Array.from(content.replace(/\s+/g, ""));
  return characters.every((character) => table[character])
    ? characters.map((character) => table[character]).join("")
    : `${marker}${content}`;
}

function texToText(math: string): string {
  return math
    .replace(/\\[,;:! ]|\\quad|\\qquad|~/g, " ")
    .replace(
      /\\([A-Za-z]+)/g,
      (match, command: string) =>
        TEX[command] ??
        (/^(mathrm|text|mathit|mathbf|rm|it|bf|left|right|displaystyle)$/.test(command)
          ? ""
          : match.slice(1)),
    )
    .replace(
      /\^\{([^{}]*)\}|\^(\S)/g,
      (_match, group: string | undefined, single: string | undefined) =>
        script(group ?? single ?? "", SUPERSCRIPT, "^"),
    )
    .replace(
      /_\{([^{}]*)\}|_(\S)/g,
      (_match, group: string | undefined, single: string | undefined) =>
        script(group ?? single ?? "", SUBSCRIPT, "_"),
    )
    .replace(/[{}]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}
