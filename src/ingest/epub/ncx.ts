import {
  attribute,
  childrenNamed,
  type Element,
  elementsNamed,
  parseXml,
  textOf,
} from "./markup.js";
import { resolveHref } from "./paths.js";
import { liftUnlinked, type TocEntry } from "./toc-entry.js";

/** Reads the `navMap` of an EPUB 2 NCX (the page list is ignored). */
export function readNcx(markup: string, ncxPath: string): TocEntry[] {
  const navMap = elementsNamed(parseXml(markup), "navmap")[0];
  return navMap ? liftUnlinked(readPoints(navMap, ncxPath)) : [];
}

function readPoints(parent: Element, ncxPath: string): TocEntry[] {
  return childrenNamed(parent, "navpoint").map((point) => {
    const label = childrenNamed(point, "navlabel")[0];
    const content = childrenNamed(point, "content")[0];
    const source = content ? attribute(content, "src") : null;
    return {
      label: label ? textOf(label) : "",
      target: source ? resolveHref(ncxPath, source) : null,
      children: readPoints(point, ncxPath),
    };
  });
}
