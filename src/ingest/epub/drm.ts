import { litinkError } from "../../errors/catalog.js";
import type { ZipArchive } from "../zip.js";
import { attribute, elementsNamed, parseXml } from "./markup.js";

/**
 * Font obfuscation (IDPF and Adobe) only scrambles embedded fonts; the text stays readable.
 * Any other algorithm in encryption.xml encrypts content.
 */
const FONT_OBFUSCATION = new Set([
  "http://www.idpf.org/2008/embedding",
  "http://ns.adobe.com/pdf/enc#RC",
]);

/** Files that only DRM schemes put in an EPUB: Adobe ADEPT, Apple FairPlay, Readium LCP. */
const DRM_MARKERS = ["META-INF/rights.xml", "META-INF/sinf.xml", "META-INF/license.lcpl"];

export async function assertNotEncrypted(zip: ZipArchive, file: string): Promise<void> {
  const names = new Map(zip.names.map((name) => [name.toLowerCase(), name]));
  if (DRM_MARKERS.some((marker) => names.has(marker.toLowerCase()))) {
    throw litinkError("DrmProtected", { file });
  }
  const encryption = names.get("meta-inf/encryption.xml");
  if (!encryption) return;
  const methods = elementsNamed(parseXml(await zip.readText(encryption)), "encryptionmethod");
  const algorithms = methods.map((method) => (attribute(method, "algorithm") ?? "").trim());
  if (algorithms.some((algorithm) => !FONT_OBFUSCATION.has(algorithm))) {
    throw litinkError("DrmProtected", { file });
  }
}
