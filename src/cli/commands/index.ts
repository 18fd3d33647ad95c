import type { Command } from "commander";

/** A command file exports `register`, which declares its arguments, options and action. */
export interface CommandModule {
  register(program: Command): void;
}

interface Entry {
  name: string;
  summary: string;
  load: () => Promise<CommandModule>;
}

/**
 * Names and one-line summaries only: `litink --help` lists every command without loading
 * any of them, and a run loads just the one it needs.
 */
export const commands: readonly Entry[] = [
  { name: "init", summary: "write a commented litink.config.ts", load: () => import("./init.js") },
  {
    name: "doctor",
    summary: "check ffmpeg, sqlite-vec, config and keys; --live calls each provider once",
    load: () => import("./doctor.js"),
  },
  {
    name: "inspect",
    summary: "read a book and list its chapters",
    load: () => import("./inspect.js"),
  },
  {
    name: "index",
    summary: "build or update a book's local search index (changed chapters only)",
    load: () => import("./rag-index.js"),
  },
  {
    name: "search",
    summary: "top passages of a book for a query, with chapter and score",
    load: () => import("./search.js"),
  },
  {
    name: "script",
    summary: "story bible and a screenplay per chapter (JSON + Fountain)",
    load: () => import("./script.js"),
  },
  {
    name: "estimate",
    summary: "what generate would do and cost, before spending anything",
    load: () => import("./estimate.js"),
  },
  {
    name: "generate",
    summary: "the whole job for one or more books: bible, screenplays, images, voices, clips",
    load: () => import("./generate.js"),
  },
  {
    name: "runs",
    summary: "list generate runs with their status, progress and cost",
    load: () => import("./runs.js"),
  },
  {
    name: "resume",
    summary: "continue an interrupted or budget-stopped run",
    load: () => import("./resume.js"),
  },
  {
    name: "usage",
    summary: "the cost ledger: spending by day, model, book and run",
    load: () => import("./usage.js"),
  },
];
