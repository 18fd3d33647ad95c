import { createHash } from "node:crypto";
import { open, stat } from "node:fs/promises";
import { isLitinkError } from "../errors/app-error.js";
import { litinkError } from "../errors/catalog.js";
import { countWords, openingWords } from "./chapters.js";
import { sniff } from "./detect.js";
import { guessLanguage } from "./language.js";
import {
  type Book,
  type BookFormat,
  type Chapter,
  defaultIngestLimits,
  type IngestLimits,
  type ParsedBook,
  type ReadContext,
} from "./types.js";
import { openZip, type ZipArchive } from "./zip.js";

export type { Book, BookFormat, Chapter, IngestLimits } from "./types.js";

export interface ReadBookOptions {
  limits?: Partial<IngestLimits>;
}

/**
 * Reads a book file into chapters. Format readers are loaded on demand so that reading a
 * text file never loads pdf.js or mammoth.
 */
export async function readBook(path: string, options: ReadBookOptions = {}): Promise<Book> {
  const limits = { ...defaultIngestLimits, ...options.limits };
  const context: ReadContext = { file: path, limits };
  const buffer = await readInput(path, limits);
  const { format, parsed } = await parse(buffer, context);
  return finish(parsed, format, buffer, path);
}

async function readInput(path: string, limits: IngestLimits): Promise<Buffer> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory())
      throw litinkError("FileUnreadable", { file: path, reason: "it is a directory" });
    // FIFOs and devices report size 0 or never end; a book is a regular file.
    if (!info.isFile())
      throw litinkError("FileUnreadable", { file: path, reason: "it is not a regular file" });
    size = info.size;
  } catch (error) {
    if (isLitinkError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") throw litinkError("FileNotFound", { file: path });
    throw litinkError("FileUnreadable", { file: path, reason: errnoReason(error) }, error);
  }
  if (size === 0) throw litinkError("EmptyFile", { file: path });
  if (size > limits.maxFileBytes) {
    throw litinkError("FileTooLarge", { file: path, bytes: size, limit: limits.maxFileBytes });
  }
  try {
    const handle = await open(path, "r");
    try {
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw litinkError("FileUnreadable", { file: path, reason: errnoReason(error) }, error);
  }
}

async function parse(
  buffer: Buffer,
  context: ReadContext,
): Promise<{ format: BookFormat; parsed: ParsedBook }> {
  const sniffed = sniff(buffer, context.file);
  switch (sniffed.kind) {
    case "unknown":
      throw litinkError("UnknownFormat", { file: context.file, detail: sniffed.detail });
    case "pdf": {
      const { readPdf } = await import("./pdf/index.js");
      return { format: "pdf", parsed: await readPdf(buffer, context) };
    }
    case "text": {
      const { readText } = await import("./text/index.js");
      return { format: sniffed.format, parsed: await readText(buffer, sniffed.format, context) };
    }
    case "zip":
      return parseZip(buffer, context);
  }
}

async function parseZip(
  buffer: Buffer,
  context: ReadContext,
): Promise<{ format: BookFormat; parsed: ParsedBook }> {
  const guess = context.file.toLowerCase().endsWith(".docx") ? "DOCX" : "EPUB";
  const zip = await openZip(buffer, context, guess);
  try {
    const format = await zipFormat(zip);
    if (format === "epub") {
      const { readEpub } = await import("./epub/index.js");
      return { format, parsed: await readEpub(zip, context) };
    }
    if (format === "docx") {
      const { readDocx } = await import("./docx/index.js");
      return { format, parsed: await readDocx(buffer, zip, context) };
    }
    throw litinkError("UnknownFormat", {
      file: context.file,
      detail: "it is a zip archive, but neither an EPUB nor a Word document",
    });
  } finally {
    zip.close();
  }
}

async function zipFormat(zip: ZipArchive): Promise<"epub" | "docx" | null> {
  if (zip.has("mimetype")) {
    const mimetype = (await zip.readText("mimetype")).trim();
    if (mimetype === "application/epub+zip") return "epub";
  }
  if (zip.has("META-INF/container.xml")) return "epub";
  if (zip.has("word/document.xml") || zip.names.some((name) => /^word\/.+\.xml$/.test(name)))
    return "docx";
  return null;
}

function finish(parsed: ParsedBook, format: BookFormat, buffer: Buffer, path: string): Book {
  let next = 1;
  const chapters: Chapter[] = parsed.chapters.map((chapter) => {
    const body = chapter.bodyOffset ? chapter.text.slice(chapter.bodyOffset) : chapter.text;
    return {
      index: chapter.kind === "body" ? next++ : null,
      id: sha256(`${chapter.title}\n${chapter.text}`),
      title: chapter.title,
      part: chapter.part,
      kind: chapter.kind,
      text: chapter.text,
      words: countWords(chapter.text),
      startsWith: openingWords(body),
    };
  });
  if (!chapters.some((chapter) => chapter.words > 0))
    throw litinkError("NoChapters", { file: path });
  return {
    id: sha256(buffer),
    title: parsed.title,
    author: parsed.author,
    // Formats often omit the language (PDF, many TXT); the text itself then decides.
    language: parsed.language ?? guessLanguage(sampleText(chapters)),
    format,
    chapters,
    warnings: parsed.warnings,
    source: { path, bytes: buffer.length },
  };
}

function sampleText(chapters: Chapter[]): string {
  const body = chapters.filter((chapter) => chapter.kind === "body");
  return (body.length > 0 ? body : chapters)
    .map((chapter) => chapter.text.slice(0, 20_000))
    .join("\n");
}

function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function errnoReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "it is a directory";
  return error instanceof Error ? error.message : String(error);
}
