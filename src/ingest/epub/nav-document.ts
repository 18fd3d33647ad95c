import { DomUtils } from "htmlparser2";
import {
  attribute,
  childrenNamed,
  type Element,
  localName,
  parseMarkup,
  structuralTypes,
  textOf,
} from "./markup.js";
import { resolveHref } from "./paths.js";
import { type Landmark, liftUnlinked, type TocEntry } from "./toc-entry.js";

export interface NavDocument {
  toc: TocEntry[];
  landmarks: Landmark[];
}

/** Reads the EPUB 3 navigation document: its `toc` nav and its `landmarks` nav. */
export function readNavDocument(markup: string, navPath: string): NavDocument {
  const navs = DomUtils.findAll((element) => localName(element) === "nav", parseMarkup(markup));
  const typed = (type: string) =>
    navs.find((nav) =>
      structuralTypes(nav.attribs).some((token) => token === type || token === `doc-${type}`),
    );
  const tocNav = typed("toc");
  const landmarksNav = typed("landmarks");
  const landmarks: Landmark[] = [];
  if (landmarksNav) {
    for (const link of DomUtils.findAll((element) => localName(element) === "a", [landmarksNav])) {
      const target = resolveHref(navPath, attribute(link, "href") ?? "");
      if (target) landmarks.push({ types: structuralTypes(link.attribs), target });
    }
  }
  return { toc: tocNav ? liftUnlinked(readList(firstList(tocNav), navPath)) : [], landmarks };
}

function firstList(container: Element): Element | null {
  return DomUtils.findOne(
    (element) => localName(element) === "ol" || localName(element) === "ul",
    container.children,
  );
}

function readList(list: Element | null, navPath: string): TocEntry[] {
  if (!list) return [];
  return childrenNamed(list, "li").map((item) => {
    const sublist = item.children.find(
      (child): child is Element =>
        DomUtils.isTag(child) && (localName(child) === "ol" || localName(child) === "ul"),
    );
    const labelElement = item.children.find(
      (child): child is Element => DomUtils.isTag(child) && child !== sublist,
    );
    const link = labelElement && localName(labelElement) === "a" ? labelElement : null;
    const href = link ? attribute(link, "href") : null;
    return {
      label: labelElement ? textOf(labelElement) : "",
      target: href ? resolveHref(navPath, href) : null,
      children: readList(sublist ?? null, navPath),
    };
  });
}
