import yauzl from "yauzl";
import { isLitinkError } from "../errors/app-error.js";
import { litinkError } from "../errors/catalog.js";
import { decodeMarkup } from "./encoding.js";
import type { ReadContext } from "./types.js";

/**
 * A read-only view of a zip archive held in memory, with the zip-bomb and path-traversal
 * checks done before anything is inflated. Entries are inflated lazily, one at a time,
 * and each inflation stops at the declared size (yauzl validates it), so a lying header
 * cannot make us allocate more than `maxUnzippedBytes` in total.
 */
export interface ZipArchive {
  /** Entry names exactly as stored (forward slashes, no leading slash). */
  readonly names: readonly string[];
  has(name: string): boolean;
  read(name: string): Promise<Buffer>;
  readText(name: string): Promise<string>;
  close(): void;
}

export async function openZip(
  buffer: Buffer,
  context: ReadContext,
  format: string,
): Promise<ZipArchive> {
  const { file, limits } = context;
  let zip: yauzl.ZipFile;
  try {
    zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
      yauzl.fromBuffer(
        buffer,
        {
          lazyEntries: true,
          validateEntrySizes: true,
          strictFileNames: false,
          decodeStrings: true,
        },
        (error, zipFile) => (error ? reject(error) : resolve(zipFile)),
      );
    });
  } catch (error) {
    throw litinkError("CorruptArchive", { file, format, detail: describe(error) }, error);
  }

  if (zip.entryCount > limits.maxZipEntries) {
    zip.close();
    throw litinkError("ArchiveTooLarge", {
      file,
      detail: `it has ${zip.entryCount} entries (limit ${limits.maxZipEntries})`,
    });
  }

  const entries = new Map<string, yauzl.Entry>();
  let declaredTotal = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("entry", (entry: yauzl.Entry) => {
        const name = entry.fileName;
        if (isUnsafe(name)) {
          reject(litinkError("UnsafeArchivePath", { file, entry: name }));
          return;
        }
        if (!name.endsWith("/")) {
          declaredTotal += entry.uncompressedSize;
          const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
          if (entry.uncompressedSize > 1024 * 1024 && ratio > limits.maxCompressionRatio) {
            reject(
              litinkError("ArchiveTooLarge", {
                file,
                detail: `the entry "${name}" expands ${Math.round(ratio)}-fold (limit ${limits.maxCompressionRatio})`,
              }),
            );
            return;
          }
          if (entry.uncompressedSize > limits.maxEntryBytes) {
            reject(
              litinkError("ArchiveTooLarge", {
                file,
                detail: `the entry "${name}" would unpack to ${megabytes(entry.uncompressedSize)} MB (limit ${megabytes(limits.maxEntryBytes)} MB per entry)`,
              }),
            );
            return;
          }
          if (declaredTotal > limits.maxUnzippedBytes) {
            reject(
              litinkError("ArchiveTooLarge", {
                file,
                detail: `it would unpack to more than ${megabytes(limits.maxUnzippedBytes)} MB`,
              }),
            );
            return;
          }
          entries.set(name, entry);
        }
        zip.readEntry();
      });
      zip.on("end", () => resolve());
      zip.on("error", (error: unknown) => reject(error));
      zip.readEntry();
    });
  } catch (error) {
    zip.close();
    if (isLitinkError(error)) throw error;
    // yauzl validates names itself (decodeStrings) and reports traversal as a plain error.
    const unsafe =
      /^(absolute path|invalid relative path|invalid characters in fileName): (.*)$/.exec(
        describe(error),
      );
    if (unsafe) throw litinkError("UnsafeArchivePath", { file, entry: unsafe[2]! }, error);
    throw litinkError("CorruptArchive", { file, format, detail: describe(error) }, error);
  }

  const read = async (name: string): Promise<Buffer> => {
    const entry = entries.get(name);
    if (!entry)
      throw litinkError("CorruptArchive", { file, format, detail: `missing entry "${name}"` });
    try {
      return await new Promise<Buffer>((resolve, reject) => {
        zip.openReadStream(entry, (error, stream) => {
          if (error) return reject(error);
          const chunks: Buffer[] = [];
          stream.on("data", (chunk: Buffer) => chunks.push(chunk));
          stream.on("end", () => resolve(Buffer.concat(chunks)));
          stream.on("error", reject);
        });
      });
    } catch (error) {
      throw litinkError(
        "CorruptArchive",
        { file, format, detail: `entry "${name}": ${describe(error)}` },
        error,
      );
    }
  };

  return {
    names: [...entries.keys()],
    has: (name) => entries.has(name),
    read,
    readText: async (name) => decodeMarkup(await read(name)),
    close: () => zip.close(),
  };
}

/** Absolute paths, drive letters, backslashes and any `..` segment are refused outright. */
function isUnsafe(name: string): boolean {
  if (name.startsWith("/") || name.includes("\\") || /^[a-zA-Z]:/.test(name)) return true;
  return name.split("/").some((segment) => segment === "..");
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\.$/, "");
}

function megabytes(bytes: number): number {
  return Math.round(bytes / 1024 / 1024);
}
