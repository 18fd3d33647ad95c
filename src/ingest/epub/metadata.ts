import { attribute, attributeLocal, type Element, elementsNamed, textOf } from "./markup.js";

export interface BookMetadata {
  title: string | null;
  author: string | null;
  language: string | null;
}

/** Author roles: MARC relator `aut` (EPUB 2 `opf:role`, EPUB 3 `<meta refines property="role">`). */
const AUTHOR_ROLE = "aut";
const SPACE_BETWEEN_CJK = /([\u2e80-\u9fff\uf900-\ufaff])\s+(?=[\u2e80-\u9fff\uf900-\ufaff])/g;

export function readMetadata(packageElement: Element): BookMetadata {
  const metadata = elementsNamed(packageElement, "metadata")[0] ?? packageElement;
  const refinements = readRefinements(metadata);

  const titles = elementsNamed(metadata, "title").filter(
    (element) => element.name.startsWith("dc:") || element.name === "title",
  );
  const mainTitle =
    titles.find((title) => refinements.get(`${attribute(title, "id")}|title-type`) === "main") ??
    titles[0];

  const creators = elementsNamed(metadata, "creator").map((creator) => ({
    name: textOf(creator).replace(SPACE_BETWEEN_CJK, "$1"),
    role: (
      attributeLocal(creator, "role") ??
      refinements.get(`${attribute(creator, "id")}|role`) ??
      ""
    ).toLowerCase(),
  }));
  const named = creators.filter((creator) => creator.name !== "");
  // Illustrators and editors are sometimes listed as creators; when roles are given, keep the authors.
  const authors = named.some((creator) => creator.role === AUTHOR_ROLE)
    ? named.filter((creator) => creator.role === AUTHOR_ROLE || creator.role === "")
    : named;

  const language = elementsNamed(metadata, "language")
    .map(textOf)
    .find((value) => value !== "");
  return {
    title: (mainTitle && textOf(mainTitle)) || null,
    author:
      authors.length > 0 ? [...new Set(authors.map((author) => author.name))].join("; ") : null,
    language: language ? (language.split(/[-_]/)[0] ?? language).toLowerCase() : null,
  };
}

/** `<meta refines="#id" property="p">value</meta>` → "id|p" → value. */
function readRefinements(metadata: Element): Map<string, string> {
  const refinements = new Map<string, string>();
  for (const meta of elementsNamed(metadata, "meta")) {
    const refines = attribute(meta, "refines");
    const property = attribute(meta, "property");
    if (!refines || !property) continue;
    const key = `${refines.replace(/^#/, "")}|${property.toLowerCase()}`;
    if (!refinements.has(key)) refinements.set(key, textOf(meta));
  }
  return refinements;
}
