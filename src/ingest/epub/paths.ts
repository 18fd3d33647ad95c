/**
 * Href resolution inside the archive. EPUB hrefs are URLs relative to the document that
 * holds them: they may be percent-encoded, carry fragments, and climb with `../`. Nothing
 * here touches the file system; paths are zip entry names.
 */

export interface Target {
  /** Zip entry name of the document. */
  path: string;
  /** Fragment identifier without '#', or null for the whole document. */
  fragment: string | null;
}

/** The folder of an entry name, with a trailing slash ("" at the root). */
export function folderOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash === -1 ? "" : path.slice(0, slash + 1);
}

/** Resolves `href` against the entry `base`; null for external links and empty hrefs. */
export function resolveHref(base: string, href: string): Target | null {
  const trimmed = href.trim();
  if (trimmed === "" || /^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return null;
  const hash = trimmed.indexOf("#");
  const rawPath = (hash === -1 ? trimmed : trimmed.slice(0, hash)).replace(/\?.*$/, "");
  const rawFragment = hash === -1 ? null : trimmed.slice(hash + 1);
  const fragment = rawFragment ? decode(rawFragment) : null;
  if (rawPath === "") return { path: base, fragment };
  const joined = rawPath.startsWith("/") ? rawPath.slice(1) : folderOf(base) + rawPath;
  return { path: normalise(decode(joined)), fragment };
}

function normalise(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  return segments.join("/");
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Finds the stored entry for a resolved path: exactly, else ignoring case and Unicode
 * normalisation (archives made on macOS store decomposed names).
 */
export function entryFinder(names: readonly string[]): (path: string) => string | null {
  const exact = new Set(names);
  const loose = new Map<string, string>();
  for (const name of names) loose.set(looseKey(name), name);
  return (path) => (exact.has(path) ? path : (loose.get(looseKey(path)) ?? null));
}

function looseKey(name: string): string {
  return name.normalize("NFC").toLowerCase();
}
