import type { ChildNode, Element } from "domhandler";
import { DomUtils, parseDocument } from "htmlparser2";

/**
 * One lenient way to parse every XML/XHTML file of an EPUB: HTML-style recovery from
 * malformed markup, but self-closing tags honoured (`<a id="x"/>` is common in XHTML and
 * would otherwise swallow the heading after it). Tag and attribute names are lower-cased,
 * so `navPoint` is matched as `navpoint`.
 */
export const markupOptions = {
  xmlMode: false,
  recognizeSelfClosing: true,
  recognizeCDATA: true,
  decodeEntities: true,
  lowerCaseTags: true,
  lowerCaseAttributeNames: true,
} as const;

export type { Element };

/** XHTML content and navigation documents. */
export function parseMarkup(text: string): ChildNode[] {
  return parseDocument(text, markupOptions).children;
}

/**
 * Package files (container, OPF, NCX) are plain XML: parsed as XML so that `<meta>` and
 * `<link>` keep their content (they are empty elements in HTML).
 */
export function parseXml(text: string): ChildNode[] {
  return parseDocument(text, { ...markupOptions, xmlMode: true }).children;
}

/** The name without namespace prefix: `dc:title` → `title`, `opf:meta` → `meta`. */
export function localName(element: Element): string {
  const colon = element.name.indexOf(":");
  return colon === -1 ? element.name : element.name.slice(colon + 1);
}

/** All descendant elements with the given local name, in document order. */
export function elementsNamed(nodes: ChildNode | ChildNode[], name: string): Element[] {
  return DomUtils.findAll(
    (element) => localName(element) === name,
    Array.isArray(nodes) ? nodes : [nodes],
  );
}

/** Direct child elements with the given local name. */
export function childrenNamed(element: Element, name: string): Element[] {
  return element.children.filter(
    (child): child is Element => DomUtils.isTag(child) && localName(child) === name,
  );
}

export function attribute(element: Element, name: string): string | null {
  return element.attribs[name] ?? null;
}

/** Attribute by local name, whatever its prefix (`opf:role`, `role`). */
export function attributeLocal(element: Element, name: string): string | null {
  for (const [key, value] of Object.entries(element.attribs)) {
    if (key === name || key.endsWith(`:${name}`)) return value;
  }
  return null;
}

/** Text content with whitespace collapsed. */
export function textOf(node: ChildNode | ChildNode[]): string {
  return collapse(DomUtils.textContent(node));
}

export function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** `epub:type` and ARIA `role` tokens, lower-cased, prefixes kept (`z3998:roman`). */
export function structuralTypes(attributes: Record<string, string>): string[] {
  const value = `${attributes["epub:type"] ?? ""} ${attributes.role ?? ""}`.toLowerCase();
  return value.split(/\s+/).filter((token) => token !== "");
}
