import { Parser } from "htmlparser2";
import { litinkError } from "../../errors/catalog.js";
import type { ZipArchive } from "../zip.js";

const MAIN_CONTENT_TYPE =
  /^application\/vnd\.(?:openxmlformats-officedocument\.wordprocessingml\.(?:document|template)|ms-word\.(?:document|template)\.macroenabled(?:\.12)?)\.main\+xml$/i;
const OFFICE_DOCUMENT_RELATIONSHIP = /\/officeDocument$/;
/** Transitional and Strict WordprocessingML: what standard readers open. */
const WORDPROCESSING_NAMESPACES = new Set([
  "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
  "http://purl.oclc.org/ooxml/wordprocessingml/main",
]);

/**
 * Checks that the package holds a standard Word document before mammoth sees it: the main
 * part is found the way Word finds it (package relationships, then content types) and its
 * root must be <w:document> in a WordprocessingML namespace. Office 2007 beta files
 * (<w:wordDocument> in …/2006/2/main) and other near-misses are refused as `DocxUnreadable`.
 */
export async function checkMainPart(zip: ZipArchive, file: string): Promise<string> {
  const part = await findMainPart(zip);
  if (!part || !zip.has(part)) {
    throw litinkError("DocxUnreadable", { file, detail: "it has no main document part" });
  }
  const head = (await zip.readText(part)).slice(0, 64 * 1024);
  const root = rootElement(head);
  if (!root)
    throw litinkError("DocxUnreadable", { file, detail: `its main part ${part} is not XML` });
  if (root.localName !== "document" || !WORDPROCESSING_NAMESPACES.has(root.namespace ?? "")) {
    const found = `<${root.name}>${root.namespace ? ` in ${root.namespace}` : ""}`;
    throw litinkError("DocxUnreadable", {
      file,
      detail: `its main part starts with ${found} instead of <w:document> in the WordprocessingML namespace (a pre-release or non-standard format)`,
    });
  }
  return part;
}

async function findMainPart(zip: ZipArchive): Promise<string | null> {
  if (zip.has("_rels/.rels")) {
    const rels = await zip.readText("_rels/.rels");
    for (const attributes of elements(rels, "relationship")) {
      if (OFFICE_DOCUMENT_RELATIONSHIP.test(attributes.type ?? "") && attributes.target) {
        return attributes.target.replace(/^\//, "");
      }
    }
  }
  if (zip.has("[Content_Types].xml")) {
    const types = await zip.readText("[Content_Types].xml");
    for (const attributes of elements(types, "override")) {
      if (MAIN_CONTENT_TYPE.test(attributes.contenttype ?? "") && attributes.partname) {
        return attributes.partname.replace(/^\//, "");
      }
    }
  }
  return zip.has("word/document.xml") ? "word/document.xml" : null;
}

/** Attributes (lower-cased names) of every element with the given local name. */
function elements(xml: string, localName: string): Array<Record<string, string>> {
  const found: Array<Record<string, string>> = [];
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name.toLowerCase().replace(/^.*:/, "") === localName) found.push(lowerKeys(attributes));
      },
    },
    { xmlMode: true },
  );
  parser.end(xml);
  return found;
}

function lowerKeys(attributes: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(attributes).map(([key, value]) => [key.toLowerCase(), value]),
  );
}

interface RootElement {
  name: string;
  localName: string;
  namespace: string | null;
}

function rootElement(xml: string): RootElement | null {
  let root: RootElement | null = null;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (root) return;
        const colon = name.indexOf(":");
        const prefix = colon >= 0 ? name.slice(0, colon) : null;
        const namespace = attributes[prefix ? `xmlns:${prefix}` : "xmlns"] ?? null;
        root = { name, localName: colon >= 0 ? name.slice(colon + 1) : name, namespace };
        parser.pause();
      },
    },
    { xmlMode: true },
  );
  parser.write(xml);
  return root;
}
