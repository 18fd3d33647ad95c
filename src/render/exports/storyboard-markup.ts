/**
 * The only ways book text and file names reach the storyboard's HTML. Everything from the
 * book (titles, names, lines) is escaped text; every path is a relative URL, percent-encoded
 * per segment, so a page opened from file:// never reaches outside its folder or the network.
 */

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for element content and for quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character] ?? character);
}

/**
 * A relative file path as a URL for `src`/`href`. Absolute paths and URLs are refused: the
 * page must work wherever its folder goes, and offline.
 */
export function relativeUrl(path: string): string {
  // path.relative() on Windows gives back-slashes; URLs want forward ones.
  const forward = path.replace(/\\/g, "/");
  if (forward === "" || forward.startsWith("/") || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(forward))
    throw new Error(`storyboard: "${path}" is not a relative path (the page must work offline)`);
  return forward.split("/").map(encodeURIComponent).join("/");
}

export type Attributes = Readonly<Record<string, string | number | undefined>>;

/**
 * `<name attributes>children</name>`. Attribute values are escaped here, so no caller can
 * forget; children are markup (escape text with `escapeHtml`). An undefined value is omitted.
 */
export function element(name: string, attributes: Attributes, ...children: string[]): string {
  return `${openTag(name, attributes)}${children.join("")}</${name}>`;
}

/** An element without content or end tag (`img`). */
export function openTag(name: string, attributes: Attributes): string {
  const pairs = Object.entries(attributes)
    .filter((pair): pair is [string, string | number] => pair[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeHtml(String(value))}"`);
  return `<${name}${pairs.join("")}>`;
}

/** Ledger amounts are fractions of a cent per image or line: show what is there, not 0.00. */
export function formatUsd(usd: number | undefined): string {
  if (usd === undefined || !Number.isFinite(usd)) return "—";
  if (usd === 0) return "$0";
  if (usd < 0.00005) return "<$0.0001";
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  // Below a dollar: four decimals, trailing zeros trimmed to cents ($0.0123, $0.50).
  return `$${usd.toFixed(4).replace(/(\.\d\d\d*?)0+$/, "$1")}`;
}

/** A stable hue per speaker, so one character's lines share a colour across the book. */
export function speakerHue(id: string): number {
  let hash = 0;
  for (const character of id) hash = (hash * 31 + (character.codePointAt(0) ?? 0)) % 360;
  return hash;
}

/** `1 shot`, `3 lines`. */
export function count(value: number, noun: string): string {
  return `${value} ${noun}${value === 1 ? "" : "s"}`;
}
