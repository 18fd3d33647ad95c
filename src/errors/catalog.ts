import { LitinkError } from "./app-error.js";
import { ExitCode } from "./exit-codes.js";

/**
 * The error catalogue: every error a user can meet, as data. `message` says what happened
 * and why; `hint` says what to do. Names are permanent (scripts match on them).
 */
interface Entry<Args> {
  title: string;
  exitCode: number;
  message: (args: Args) => string;
  hint?: (args: Args) => string;
  isRetryable?: boolean;
}

function entry<Args = void>(spec: Entry<Args>): Entry<Args> {
  return spec;
}

type File = { file: string };

export const catalog = {
  FileNotFound: entry<File>({
    title: "Input file not found",
    exitCode: ExitCode.noInput,
    message: ({ file }) => `Cannot find "${file}".`,
    hint: () => "Check the path (it is resolved against the current directory).",
  }),
  FileUnreadable: entry<File & { reason: string }>({
    title: "Input file unreadable",
    exitCode: ExitCode.noInput,
    message: ({ file, reason }) => `Cannot read "${file}": ${reason}.`,
    hint: () => "Check that it is a regular file and that you may read it.",
  }),
  FileTooLarge: entry<File & { bytes: number; limit: number }>({
    title: "Input file too large",
    exitCode: ExitCode.dataError,
    message: ({ file, bytes, limit }) =>
      `"${file}" is ${formatMb(bytes)}, over the ${formatMb(limit)} limit for books.`,
    hint: () =>
      "Raise `ingest.maxFileMb` in litink.config.ts if this really is one book, or split it.",
  }),
  EmptyFile: entry<File>({
    title: "Input file is empty",
    exitCode: ExitCode.dataError,
    message: ({ file }) => `"${file}" is empty (0 bytes), so there is no book to read.`,
    hint: () => "Check that the file finished downloading or exporting.",
  }),
  UnknownFormat: entry<File & { detail: string }>({
    title: "Unsupported file format",
    exitCode: ExitCode.dataError,
    message: ({ file, detail }) => `"${file}" is not a book litink can read: ${detail}.`,
    hint: () => "litink reads EPUB, PDF, DOCX, plain text (.txt) and Markdown (.md).",
  }),
  CorruptArchive: entry<File & { format: string; detail: string }>({
    title: "Corrupt archive",
    exitCode: ExitCode.dataError,
    message: ({ file, format, detail }) =>
      `"${file}" looks like ${format} but its zip container is damaged: ${detail}.`,
    hint: () => "Download or export the file again; a truncated copy is the usual cause.",
  }),
  ArchiveTooLarge: entry<File & { detail: string }>({
    title: "Archive exceeds safety limits",
    exitCode: ExitCode.dataError,
    message: ({ file, detail }) =>
      `"${file}" was not unpacked because ${detail} (it may be a zip bomb).`,
    hint: () =>
      "If the book is genuine, raise `ingest.maxUnzippedMb` / `ingest.maxZipEntries` in config.",
  }),
  UnsafeArchivePath: entry<File & { entry: string }>({
    title: "Unsafe path in archive",
    exitCode: ExitCode.dataError,
    message: ({ file, entry }) =>
      `"${file}" contains the entry "${entry}", which points outside the archive; the file was rejected unread.`,
    hint: () => "Do not trust this file. Re-export the book from its original source.",
  }),
  DrmProtected: entry<File>({
    title: "DRM-protected EPUB",
    exitCode: ExitCode.dataError,
    message: ({ file }) =>
      `"${file}" is encrypted with DRM (META-INF/encryption.xml lists encrypted content), so its text cannot be read.`,
    hint: () => "Use a DRM-free edition of the book.",
  }),
  EpubInvalid: entry<File & { detail: string }>({
    title: "Invalid EPUB",
    exitCode: ExitCode.dataError,
    message: ({ file, detail }) => `"${file}" is not a valid EPUB: ${detail}.`,
    hint: () => "Check the file with epubcheck, or re-export it from the source.",
  }),
  DocxUnreadable: entry<File & { detail: string }>({
    title: "Unreadable DOCX",
    exitCode: ExitCode.dataError,
    message: ({ file, detail }) => `"${file}" is not a standard Word document: ${detail}.`,
    hint: () => "Open it in Word or LibreOffice and save it again as .docx (Word 2007 or later).",
  }),
  PdfNoText: entry<File>({
    title: "PDF has no text layer",
    exitCode: ExitCode.dataError,
    message: ({ file }) =>
      `"${file}" has no extractable text (it looks like a scanned PDF); OCR is not supported.`,
    hint: () => "Run it through an OCR tool (e.g. ocrmypdf) first, or use an EPUB/TXT edition.",
  }),
  PdfUnreadable: entry<File & { detail: string }>({
    title: "Unreadable PDF",
    exitCode: ExitCode.dataError,
    message: ({ file, detail }) => `"${file}" could not be opened as a PDF: ${detail}.`,
    hint: () => "Check that the file is complete; re-download or re-export it.",
  }),
  NoChapters: entry<File>({
    title: "No text found",
    exitCode: ExitCode.dataError,
    message: ({ file }) => `"${file}" was read, but no readable text was found in it.`,
    hint: () => "Check that the book has text (not only images).",
  }),
  UsageError: entry<{ detail: string }>({
    title: "Invalid usage",
    exitCode: ExitCode.usage,
    message: ({ detail }) => detail,
    hint: () => "Run the command with --help for its options and examples.",
  }),
  ConfigInvalid: entry<{ file: string; issues: string[] }>({
    title: "Invalid configuration",
    exitCode: ExitCode.config,
    message: ({ file, issues }) =>
      `The configuration in ${file} is invalid:\n${issues.map((issue) => `  - ${issue}`).join("\n")}`,
    hint: () => "Fix the keys named above; `litink init` writes a commented example.",
  }),
  ConfigLoadFailed: entry<{ file: string; detail: string }>({
    title: "Configuration could not be loaded",
    exitCode: ExitCode.config,
    message: ({ file, detail }) => `Could not load ${file}: ${detail}`,
    hint: () => "Fix the syntax error above, or move the file aside to use the defaults.",
  }),
  OutputExists: entry<File>({
    title: "File already exists",
    exitCode: ExitCode.usage,
    message: ({ file }) => `${file} already exists and was left untouched.`,
    hint: () => "Pass --force to overwrite it.",
  }),
  ConfigExists: entry<{ file: string; target: string }>({
    title: "A configuration already exists",
    exitCode: ExitCode.usage,
    message: ({ file, target }) =>
      `${file} already configures litink here, so a new ${target} would be confusing (only one is used); nothing was written.`,
    hint: () => "Edit the existing file, or remove it and run `litink init` again.",
  }),
  MissingProviderKey: entry<{ tier: string; missing: string[] }>({
    title: "Missing API key for the chosen tier",
    exitCode: ExitCode.config,
    message: ({ tier, missing }) =>
      `The "${tier}" tier needs a provider key that is not set, so nothing was spent:\n${missing.map((line) => `  - ${line}`).join("\n")}`,
    hint: () =>
      "Set the key in the environment, choose another tier (--tier), or run offline with --offline.",
  }),
  BibleInvalid: entry<{ file: string; issues: string[] }>({
    title: "Invalid story bible",
    exitCode: ExitCode.dataError,
    message: ({ file, issues }) =>
      `${file} is not a valid story bible, so nothing was adapted and the file was left untouched:\n${issues.map((issue) => `  - ${issue}`).join("\n")}`,
    hint: () =>
      "Fix the places named above, or move the file aside (or pass --rebuild-bible) to draft a new bible.",
  }),
  OutputUnwritable: entry<{ file: string; detail: string }>({
    title: "Output not writable",
    exitCode: ExitCode.config,
    message: ({ file, detail }) =>
      `Could not write ${file}: ${detail}. Files written before it are complete; this one was not changed.`,
    hint: () =>
      "Check that --out (or `out` in the config) is a folder you may write to, with no file in the way of the book's folder.",
  }),
  StoreFailed: entry<{ file: string; detail: string }>({
    title: "State database error",
    exitCode: ExitCode.config,
    message: ({ file, detail }) => `The state database ${file} could not be used: ${detail}.`,
    hint: () =>
      "Check that LITINK_HOME (or `home` in the config) is a writable local folder; network shares without locking do not work.",
  }),
  RunNotFound: entry<{ runId: string }>({
    title: "No such run",
    exitCode: ExitCode.usage,
    message: ({ runId }) => `There is no run ${runId} in this state folder.`,
    hint: () =>
      "`litink runs` lists the runs (check LITINK_HOME if you expected more), or start one with `litink generate <book>`.",
  }),
  RunBusy: entry<{ runId: string; pid: number; host: string | null; folder: string | null }>({
    title: "Run in progress elsewhere",
    exitCode: ExitCode.tempFail,
    message: ({ runId, pid, host, folder }) =>
      `${folder ? `${folder} is being written by run ${runId}` : `Run ${runId} is being run`} in process ${pid}${host ? ` on ${host}` : ""}, so this one stopped before doing anything (nothing was spent).`,
    hint: ({ runId }) =>
      `Wait for it to finish (\`litink runs\` shows it), or stop it with Ctrl-C and run \`litink resume ${runId}\`. A process that died is taken over at once on this machine, else after 30 s.`,
  }),
  RunBookChanged: entry<{ runId: string; file: string }>({
    title: "The book changed since the run",
    exitCode: ExitCode.usage,
    message: ({ runId, file }) =>
      `"${file}" is not the book run ${runId} started with (its content changed), so the run was left as it was.`,
    hint: () =>
      "Run `litink generate` on the book again: finished work whose inputs did not change comes from the cache for free.",
  }),
  FfmpegNotFound: entry<{ tool: "ffmpeg" | "ffprobe"; detail: string }>({
    title: "ffmpeg not found",
    exitCode: ExitCode.config,
    message: ({ tool, detail }) =>
      `Rendering needs ${tool}, which could not be started: ${detail}.`,
    hint: ({ tool }) =>
      `Install ffmpeg (e.g. \`apt-get install ffmpeg\`, \`brew install ffmpeg\`) or point ${tool === "ffmpeg" ? "LITINK_FFMPEG" : "LITINK_FFPROBE"} at a ${tool} binary; \`litink doctor\` shows which one is used.`,
  }),
  FfmpegMissingFeature: entry<{
    binary: string;
    version: string;
    missing: string[];
    purpose: string;
  }>({
    title: "ffmpeg build lacks a needed feature",
    exitCode: ExitCode.config,
    message: ({ binary, version, missing, purpose }) =>
      `The ffmpeg at ${binary} (${version}) has no ${missing.join(", ")}, which ${purpose} needs; nothing was rendered.`,
    hint: () =>
      "Install a newer or fuller ffmpeg build (with libx264 and libass) and point LITINK_FFMPEG at it.",
  }),
  RenderFailed: entry<{ tool: string; step: string; exit: string; stderrTail: string }>({
    title: "Rendering failed",
    exitCode: ExitCode.internal,
    message: ({ tool, step, exit, stderrTail }) =>
      `${tool} failed while ${step} (${exit}). Its last lines:\n${stderrTail
        .split("\n")
        .map((line) => `  | ${line}`)
        .join("\n")}`,
    hint: () =>
      "This is a litink bug unless an input file is damaged: rerun with --debug and report it with the lines above. Another ffmpeg build can be tried with LITINK_FFMPEG.",
  }),
} as const;

export type ErrorName = keyof typeof catalog;
type ArgsOf<N extends ErrorName> = (typeof catalog)[N] extends Entry<infer A> ? A : never;

/** Build a catalogued error: `fail("FileNotFound", { file })`. */
export function litinkError<N extends ErrorName>(
  name: N,
  ...rest: ArgsOf<N> extends void
    ? [args?: undefined, cause?: unknown]
    : [args: ArgsOf<N>, cause?: unknown]
): LitinkError {
  const spec = catalog[name] as Entry<ArgsOf<N>>;
  const [args, cause] = rest as [ArgsOf<N>, unknown];
  return new LitinkError({
    name,
    title: spec.title,
    message: spec.message(args),
    hint: spec.hint?.(args),
    exitCode: spec.exitCode,
    isRetryable: spec.isRetryable,
    cause,
  });
}

function formatMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
