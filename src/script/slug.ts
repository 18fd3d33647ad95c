/**
 * DESIGN.md §1 naming: lower-case ASCII, every other character → `-`, no leading, trailing or
 * doubled hyphens. Accents are folded first so "Béatrice" becomes "beatrice", not "b-atrice".
 */
export function slugify(text: string, fallback = "chapter"): string {
  const slug = text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug === "" ? fallback : slug;
}

/** `slugify` plus a `-2`, `-3`, … suffix when `taken` already holds the slug. */
export function uniqueSlug(text: string, taken: ReadonlySet<string>, fallback?: string): string {
  const base = slugify(text, fallback);
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
