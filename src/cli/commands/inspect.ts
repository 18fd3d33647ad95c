import type { Command } from "commander";
import pc from "picocolors";
import type { Book } from "../../ingest/types.js";
import { contextWithConfig, examples } from "../options.js";
import { renderTable } from "../table.js";

export function register(program: Command): void {
  const command = program
    .command("inspect")
    .description("read a book (EPUB, PDF, DOCX, TXT, Markdown) and list its chapters")
    .argument("<book>", "path to the book file")
    .option("-a, --all", "include front and back matter (contents, prefaces, licences, notes…)")
    .action(async (file: string, options: { all?: boolean }, self: Command) => {
      const { context, loaded } = await contextWithConfig(self);
      const { inspectBook } = await import("../../ingest/inspect.js");
      const { book, result } = await inspectBook(file, {
        all: Boolean(options.all),
        config: loaded.config,
        home: loaded.home,
      });
      for (const warning of book.warnings) context.warn(warning);
      context.result("inspect", result, (data) => renderInspect(data, book));
    });
  examples(command, [
    ["litink inspect moby-dick.epub", "body chapters: number, part, title, words"],
    ["litink inspect book.pdf --all", "also front and back matter"],
    ["litink inspect book.txt --json | tail -1", "the result object for scripts"],
  ]);
}

type InspectResult = Awaited<
  ReturnType<typeof import("../../ingest/inspect.js").inspectBook>
>["result"];

function renderInspect(result: InspectResult, book: Book): string {
  const by = result.author ? ` — ${result.author}` : "";
  const header = `${pc.bold(result.title ?? "(untitled)")}${by}  ${pc.dim(
    `${result.format}, ${result.language ?? "language unknown"}, ${plural(result.chapterCount, "chapter")}, ${plural(
      book.chapters.reduce((sum, chapter) => sum + chapter.words, 0),
      "word",
    )}`,
  )}`;
  const hasParts = result.chapters.some((chapter) => chapter.part);
  const table = renderTable(result.chapters, [
    {
      header: "#",
      value: (chapter) => (chapter.index === null ? pc.dim(chapter.kind) : String(chapter.index)),
      align: "right",
    },
    ...(hasParts
      ? [
          {
            header: "part",
            value: (chapter: (typeof result.chapters)[number]) => chapter.part ?? "",
            flexible: true,
          },
        ]
      : []),
    { header: "title", value: (chapter) => chapter.title, flexible: true },
    { header: "words", value: (chapter) => chapter.words.toLocaleString("en"), align: "right" },
  ]);
  return `${header}\n\n${table}`;
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString("en")} ${noun}${count === 1 ? "" : "s"}`;
}
