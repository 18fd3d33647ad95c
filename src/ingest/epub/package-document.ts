import { litinkError } from "../../errors/catalog.js";
import type { ZipArchive } from "../zip.js";
import { readDocument } from "./decode.js";
import {
  attribute,
  attributeLocal,
  childrenNamed,
  type Element,
  elementsNamed,
  parseXml,
} from "./markup.js";
import { type BookMetadata, readMetadata } from "./metadata.js";
import { entryFinder, resolveHref, type Target } from "./paths.js";

/** What the OPF package document says: metadata, reading order, navigation files. */
export interface PackageDocument {
  opfPath: string;
  metadata: BookMetadata;
  spine: SpineItem[];
  /** The EPUB 3 navigation document, if declared and present. */
  navPath: string | null;
  /** The EPUB 2 NCX, if declared and present. */
  ncxPath: string | null;
  /** EPUB 2 `<guide>` references: semantic type → target. */
  guide: Array<{ type: string; target: Target }>;
}

export interface SpineItem {
  path: string;
  mediaType: string;
  linear: boolean;
}

interface ManifestItem {
  path: string;
  mediaType: string;
  properties: string[];
}

const CONTAINER = "META-INF/container.xml";

export async function readPackageDocument(zip: ZipArchive, file: string): Promise<PackageDocument> {
  const find = entryFinder(zip.names);
  const containerPath = find(CONTAINER);
  if (!containerPath) throw litinkError("EpubInvalid", { file, detail: `${CONTAINER} is missing` });
  const rootfiles = elementsNamed(parseXml(await zip.readText(containerPath)), "rootfile");
  const opfRootfile =
    rootfiles.find(
      (rootfile) => attribute(rootfile, "media-type") === "application/oebps-package+xml",
    ) ?? rootfiles[0];
  const declared = opfRootfile ? attribute(opfRootfile, "full-path") : null;
  if (!declared)
    throw litinkError("EpubInvalid", {
      file,
      detail: `${CONTAINER} names no package document (rootfile)`,
    });
  const opfPath = find(resolveHref("", declared)?.path ?? declared);
  if (!opfPath) {
    throw litinkError("EpubInvalid", {
      file,
      detail: `the package document "${declared}" named in ${CONTAINER} is missing`,
    });
  }

  const opf = parseXml(await readDocument(zip, opfPath));
  const packageElement = elementsNamed(opf, "package")[0];
  if (!packageElement)
    throw litinkError("EpubInvalid", { file, detail: `"${opfPath}" has no <package> element` });

  const manifest = new Map<string, ManifestItem>();
  for (const item of elementsNamed(packageElement, "item")) {
    const id = attribute(item, "id");
    const href = attribute(item, "href");
    const target = href ? resolveHref(opfPath, href) : null;
    if (!id || !target) continue;
    manifest.set(id, {
      path: find(target.path) ?? target.path,
      mediaType: (attribute(item, "media-type") ?? "").toLowerCase(),
      properties: (attribute(item, "properties") ?? "").split(/\s+/),
    });
  }

  const spineElement = elementsNamed(packageElement, "spine")[0];
  const spine: SpineItem[] = [];
  for (const itemref of spineElement ? childrenNamed(spineElement, "itemref") : []) {
    const item = manifest.get(attribute(itemref, "idref") ?? "");
    if (!item || !zip.has(item.path)) continue;
    spine.push({
      path: item.path,
      mediaType: item.mediaType,
      linear: attribute(itemref, "linear") !== "no",
    });
  }

  const items = [...manifest.values()];
  const present = (item: ManifestItem | undefined) =>
    item && zip.has(item.path) ? item.path : null;
  const ncxId = spineElement ? attribute(spineElement, "toc") : null;
  return {
    opfPath,
    metadata: readMetadata(packageElement),
    spine,
    navPath: present(items.find((item) => item.properties.includes("nav"))),
    ncxPath: present(
      (ncxId ? manifest.get(ncxId) : undefined) ??
        items.find((item) => item.mediaType === "application/x-dtbncx+xml"),
    ),
    guide: readGuide(packageElement, opfPath),
  };
}

function readGuide(packageElement: Element, opfPath: string): PackageDocument["guide"] {
  const references: PackageDocument["guide"] = [];
  for (const reference of elementsNamed(packageElement, "reference")) {
    const type = attributeLocal(reference, "type")?.toLowerCase();
    const target = resolveHref(opfPath, attribute(reference, "href") ?? "");
    if (type && target) references.push({ type, target });
  }
  return references;
}
