import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { z } from "zod";
import { litinkError } from "../errors/catalog.js";
import { configSchema, type LitinkConfig, type Tier, tiers } from "./schema.js";

export type ConfigSource = "default" | "user" | "project" | "env" | "flag";

export interface LoadedConfig {
  config: LitinkConfig;
  /** Where each leaf key's value came from, e.g. `{"ingest.maxFileMb": "project"}`. */
  sources: Record<string, ConfigSource>;
  projectFile: string | null;
  userFile: string | null;
  /** The state folder: LITINK_HOME, else `home` from config, else `.litink` beside the config. */
  home: string;
  homeSource: ConfigSource;
}

export interface LoadConfigOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Values from command-line flags (highest precedence). */
  flags?: Partial<Pick<LitinkConfig, "tier" | "out">>;
}

const MODULE = "litink";
/** Searched in this order in each folder (DESIGN.md §2): litink.config.*, .litinkrc*, package.json. */
export const SEARCH_PLACES = [
  `${MODULE}.config.ts`,
  `${MODULE}.config.mts`,
  `${MODULE}.config.mjs`,
  `${MODULE}.config.js`,
  `${MODULE}.config.json`,
  `.${MODULE}rc`,
  `.${MODULE}rc.json`,
  `.${MODULE}rc.ts`,
  `.${MODULE}rc.mjs`,
  `.${MODULE}rc.js`,
  "package.json",
];
/** Precedence: flags > env > project config > user config > defaults (DESIGN.md §2). */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const { cosmiconfig } = await import("cosmiconfig");
  const loaders = { ".ts": loadTypeScript, ".mts": loadTypeScript };

  const projectExplorer = cosmiconfig(MODULE, {
    searchPlaces: SEARCH_PLACES,
    loaders,
    searchStrategy: "project",
  });
  const project = await find(() => projectExplorer.search(cwd), cwd);

  const userDir = join(env.XDG_CONFIG_HOME ?? join(homedir(), ".config"), MODULE);
  const userExplorer = cosmiconfig(MODULE, {
    searchPlaces: ["config.ts", "config.mjs", "config.js", "config.json"],
    loaders,
    searchStrategy: "none",
  });
  const user = await find(() => userExplorer.search(userDir), userDir);

  const layers: Array<{ source: ConfigSource; file: string; values: Record<string, unknown> }> = [];
  if (user)
    layers.push({
      source: "user",
      file: user.filepath,
      values: validateLayer(user.config, user.filepath),
    });
  if (project)
    layers.push({
      source: "project",
      file: project.filepath,
      values: validateLayer(project.config, project.filepath),
    });
  layers.push({ source: "env", file: "the environment", values: envLayer(env) });
  if (options.flags)
    layers.push({
      source: "flag",
      file: "the command line",
      values: stripUndefined(options.flags),
    });

  const sources: Record<string, ConfigSource> = {};
  let merged: Record<string, unknown> = {};
  for (const layer of layers) {
    merged = deepMerge(merged, layer.values);
    for (const key of leafKeys(layer.values)) sources[key] = layer.source;
  }
  const config = parse(merged, layers.map((layer) => layer.file).join(", "));
  for (const key of leafKeys(config as Record<string, unknown>)) sources[key] ??= "default";

  const configDir = project ? dirname(project.filepath) : cwd;
  // A relative `home` is relative to the file that set it.
  const homeFile = sources.home === "user" ? user?.filepath : project?.filepath;
  const homeBase = homeFile ? dirname(homeFile) : cwd;
  const { home, homeSource } = resolveHome(env, config, sources, configDir, homeBase, cwd);
  return {
    config,
    sources,
    projectFile: project?.filepath ?? null,
    userFile: user?.filepath ?? null,
    home,
    homeSource,
  };
}

/** The tier in force and why: --tier > LITINK_TIER > config > local (DESIGN.md §2). */
export function resolveTier(loaded: LoadedConfig): { tier: Tier; tierSource: ConfigSource } {
  const tier = loaded.config.tier;
  if (tier) return { tier, tierSource: loaded.sources.tier ?? "project" };
  return { tier: "local", tierSource: "default" };
}

async function find(
  search: () => Promise<{ config: unknown; filepath: string; isEmpty?: boolean } | null>,
  where: string,
) {
  try {
    const result = await search();
    return result && !result.isEmpty ? result : null;
  } catch (error) {
    const file = (error as { filepath?: string }).filepath ?? where;
    const detail = error instanceof Error ? error.message.split("\n")[0]! : String(error);
    throw litinkError("ConfigLoadFailed", { file, detail }, error);
  }
}

/**
 * cosmiconfig 9 loads TypeScript through the TypeScript compiler API; jiti transpiles with
 * no compiler dependency and also works on Node 20 (ADR 0003). `litink` is aliased to this
 * very copy so `import { defineConfig } from "litink"` resolves even without a local install.
 */
async function loadTypeScript(filepath: string): Promise<unknown> {
  const { createJiti } = await import("jiti");
  const self = fileURLToPath(new URL("../index", import.meta.url));
  const jiti = createJiti(import.meta.url, {
    alias: { litink: self },
    moduleCache: false,
    fsCache: false,
  });
  return jiti.import(filepath, { default: true });
}

function validateLayer(raw: unknown, file: string): Record<string, unknown> {
  const value =
    (raw && typeof raw === "object" && "default" in raw
      ? (raw as { default: unknown }).default
      : raw) ?? {};
  const result = configSchema.safeParse(value);
  if (!result.success)
    throw litinkError("ConfigInvalid", { file, issues: describeIssues(result.error.issues) });
  return value as Record<string, unknown>;
}

function parse(merged: Record<string, unknown>, files: string): LitinkConfig {
  const result = configSchema.safeParse(merged);
  if (!result.success)
    throw litinkError("ConfigInvalid", {
      file: files,
      issues: describeIssues(result.error.issues),
    });
  return result.data;
}

function envLayer(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const tier = env.LITINK_TIER?.trim();
  if (tier) {
    if (!(tiers as readonly string[]).includes(tier)) {
      throw litinkError("ConfigInvalid", {
        file: "the environment",
        issues: [`LITINK_TIER: "${tier}" is not a tier; use one of ${tiers.join(", ")}`],
      });
    }
    values.tier = tier;
  }
  return values;
}

function resolveHome(
  env: NodeJS.ProcessEnv,
  config: LitinkConfig,
  sources: Record<string, ConfigSource>,
  configDir: string,
  homeBase: string,
  cwd: string,
): { home: string; homeSource: ConfigSource } {
  if (env.LITINK_HOME?.trim())
    return { home: resolve(cwd, env.LITINK_HOME.trim()), homeSource: "env" };
  if (config.home)
    return { home: resolve(homeBase, config.home), homeSource: sources.home ?? "project" };
  return { home: join(configDir, ".litink"), homeSource: "default" };
}

export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    const at = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => {
        const full = at ? `${at}.${key}` : key;
        return `${full}: unknown key${suggest(key)}`;
      });
    }
    return [`${at || "(root)"}: ${issue.message.replace(/^Invalid input: /, "")}`];
  });
}

function suggest(key: string): string {
  const lower = key.toLowerCase();
  const match = schemaKeys(configSchema).find(
    (candidate) =>
      candidate.toLowerCase().startsWith(lower) || lower.startsWith(candidate.toLowerCase()),
  );
  return match && match !== key ? ` (did you mean "${match}"?)` : "";
}

/** Every key name in the schema, nested ones included, for spelling suggestions. */
function schemaKeys(schema: z.ZodType): string[] {
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape;
  if (!shape) {
    const inner = (schema as unknown as { unwrap?: () => z.ZodType }).unwrap?.();
    return inner ? schemaKeys(inner) : [];
  }
  return Object.entries(shape).flatMap(([name, child]) => [name, ...schemaKeys(child)]);
}

function deepMerge(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

function leafKeys(value: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(value).flatMap(([key, child]) =>
    key === "$schema"
      ? []
      : isPlainObject(child)
        ? leafKeys(child, `${prefix}${key}.`)
        : [`${prefix}${key}`],
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stripUndefined(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}
