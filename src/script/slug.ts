import anyAscii from "any-ascii";

/**
 * DESIGN.md §1 naming for files: lower-case ASCII, every other character → `-`, no leading,
 * trailing or doubled hyphens. Literal, so any tool can predict a file name from a title.
 */
export function slugify(text: string, fallback = "chapter"): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug === "" ? fallback : slug;
}

/**
 * Ids for characters and locations: transliterated first, so "Béatrice" becomes "beatrice",
 * "Пётр" "petr" and "张三" "zhangsan" — readable ids rather than a row of fallbacks.
 */
export function idSlug(text: string, fallback = "character"): string {
  return slugify(anyAscii(text), fallback);
}

/** `idSlug` plus a `-2`, `-3`, … suffix when `taken` already holds the slug. */
export function uniqueSlug(text: string, taken: ReadonlySet<string>, fallback?: string): string {
  const base = idSlug(text, fallback);
  if (!taken.has(base)) return base;
  for (let suffix = 2; ; suffix++) {
    const candidate = `${base}-${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The `NN` of `chapter-NN`: zero-padded to max(2, digits of the body-chapter count). */
export function chapterNumber(index: number, bodyChapters: number): string {
  return String(index).padStart(Math.max(2, String(bodyChapters).length), "0");
}
