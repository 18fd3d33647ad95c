import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { litinkError } from "../errors/catalog.js";
import { SEARCH_PLACES } from "./load.js";
import type { Tier } from "./schema.js";

export interface InitAnswers {
  tier: Tier;
  budgetUsd: number;
  out: string;
}

export const defaultAnswers: InitAnswers = { tier: "local", budgetUsd: 5, out: "out" };
export const CONFIG_FILE = "litink.config.ts";

const TEMPLATE = new URL("../../templates/litink.config.ts", import.meta.url);

/** Fills the commented template; pure apart from reading the template. */
export async function renderConfig(answers: InitAnswers): Promise<string> {
  const template = await readFile(TEMPLATE, "utf8");
  return template
    .replace('"{{tier}}"', () => JSON.stringify(answers.tier))
    .replace("{{budgetUsd}}", () => String(answers.budgetUsd))
    .replace('"{{out}}"', () => JSON.stringify(answers.out));
}

/** Writes `litink.config.ts` atomically; refuses to replace an existing file unless forced. */
export async function writeConfig(
  folder: string,
  answers: InitAnswers,
  force: boolean,
): Promise<string> {
  const target = join(folder, CONFIG_FILE);
  if (existsSync(target) && !force) throw litinkError("OutputExists", { file: target });
  // Another config here would be found first or alongside, and the new file would be ignored.
  const other = SEARCH_PLACES.filter((name) => name !== CONFIG_FILE).find((name) =>
    declaresConfig(join(folder, name)),
  );
  if (other) throw litinkError("ConfigExists", { file: join(folder, other), target });
  const temporary = `${target}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(temporary, await renderConfig(answers), { flag: "wx" });
    await rename(temporary, target);
  } finally {
    await rm(temporary, { force: true });
  }
  return target;
}

function declaresConfig(path: string): boolean {
  if (!existsSync(path)) return false;
  if (!path.endsWith("package.json")) return true;
  try {
    return "litink" in (JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>);
  } catch {
    return false;
  }
}
