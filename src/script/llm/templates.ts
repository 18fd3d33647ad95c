import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { litinkError } from "../../errors/catalog.js";
import type { TextMessage } from "../../providers/spec/index.js";

export type TemplateName = "bible" | "screenplay" | "repair";

/** A prompt template: Markdown with `{{placeholders}}`, optionally split into system and user parts. */
export interface PromptTemplate {
  name: TemplateName;
  /** Where it came from (for error messages). */
  source: string;
  text: string;
}

/**
 * templates/ at the package root: this file sits in src/script/llm/ (or dist/script/llm/),
 * three levels down, so the same relative path works from the sources and the build.
 */
export const DEFAULT_TEMPLATE_DIR = fileURLToPath(
  new URL("../../../templates/prompts/", import.meta.url),
);

/** The placeholders each template may use (what the writer fills in). */
export const PLACEHOLDERS: Record<TemplateName, readonly string[]> = {
  bible: ["bookTitle", "bookAuthor", "bookLanguage", "candidates", "passages"],
  screenplay: [
    "bookTitle",
    "bookAuthor",
    "bookLanguage",
    "chapterTitle",
    "chapterNumber",
    "sectionNumber",
    "sectionCount",
    "sectionLabel",
    "targetWords",
    "targetMinutes",
    "bible",
    "summaries",
    "context",
    "text",
  ],
  repair: ["errors"],
};

/** Reads a template and checks its placeholders, so a typo fails before anything is spent. */
export async function loadTemplate(name: TemplateName, override?: string): Promise<PromptTemplate> {
  const path = templatePath(name, override);
  return checked(name, path, await readFile(path, "utf8").catch(unreadable(name, path, override)));
}

/** The same, synchronously: the writer's version needs the texts before any call is made. */
export function loadTemplateSync(name: TemplateName, override?: string): PromptTemplate {
  const path = templatePath(name, override);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    return unreadable(name, path, override)(error);
  }
  return checked(name, path, text);
}

function templatePath(name: TemplateName, override: string | undefined): string {
  return override ?? `${DEFAULT_TEMPLATE_DIR}${name}.md`;
}

function checked(name: TemplateName, path: string, text: string): PromptTemplate {
  const template: PromptTemplate = { name, source: path, text };
  renderTemplate(template, Object.fromEntries(PLACEHOLDERS[name].map((key) => [key, ""])));
  return template;
}

function unreadable(name: TemplateName, path: string, override: string | undefined) {
  return (error: unknown): never => {
    const reason = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw litinkError(
      "ConfigInvalid",
      {
        file: path,
        issues: [
          override
            ? `script.templates.${name}: the prompt template "${path}" cannot be read (${reason})`
            : `the built-in prompt template "${path}" is missing (${reason}); reinstall litink`,
        ],
      },
      error,
    );
  };
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][\w.]*)\s*\}\}/g;
const SYSTEM_MARK = /^[ \t]*<!--\s*system\s*-->[ \t]*$/m;
const USER_MARK = /^[ \t]*<!--\s*user\s*-->[ \t]*$/m;

/**
 * Fills the placeholders (a pure function). A placeholder the caller does not provide is an
 * error naming it and the template, never an empty hole in the prompt. Text between
 * `<!-- system -->` and `<!-- user -->` becomes the system message; the rest is the user's.
 */
export function renderTemplate(
  template: PromptTemplate,
  values: Readonly<Record<string, string | number>>,
): TextMessage[] {
  const unknown = new Set<string>();
  const filled = template.text.replace(PLACEHOLDER, (whole, key: string) => {
    const value = values[key];
    if (value === undefined) {
      unknown.add(key);
      return whole;
    }
    return String(value);
  });
  if (unknown.size > 0) {
    throw litinkError("ConfigInvalid", {
      file: template.source,
      issues: [...unknown].map(
        (key) =>
          `unknown placeholder {{${key}}} in the ${template.name} template; known: ${Object.keys(
            values,
          )
            .map((name) => `{{${name}}}`)
            .join(", ")}`,
      ),
    });
  }
  return splitMessages(filled);
}

function splitMessages(text: string): TextMessage[] {
  const system = SYSTEM_MARK.exec(text);
  const user = USER_MARK.exec(text);
  if (!system || !user || user.index < system.index) {
    const content = text.replace(SYSTEM_MARK, "").replace(USER_MARK, "").trim();
    return [{ role: "user", content }];
  }
  const before = text.slice(0, system.index).trim();
  const systemText = text.slice(system.index + system[0].length, user.index).trim();
  const userText = [before, text.slice(user.index + user[0].length).trim()]
    .filter((part) => part !== "")
    .join("\n\n");
  return [
    ...(systemText === "" ? [] : [{ role: "system" as const, content: systemText }]),
    { role: "user", content: userText },
  ];
}
