import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { litinkError } from "../errors/catalog.js";
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
    .replace("{{tier}}", answers.tier)
    .replace("{{budgetUsd}}", String(answers.budgetUsd))
    .replace("{{out}}", answers.out.replace(/["\\]/g, "\\$&"));
}

/** Writes `litink.config.ts` atomically; refuses to replace an existing file unless forced. */
export async function writeConfig(
  folder: string,
  answers: InitAnswers,
  force: boolean,
): Promise<string> {
  const target = join(folder, CONFIG_FILE);
  if (existsSync(target) && !force) throw litinkError("OutputExists", { file: target });
  const temporary = `${target}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(temporary, await renderConfig(answers), { flag: "wx" });
    await rename(temporary, target);
  } finally {
    await rm(temporary, { force: true });
  }
  return target;
}
