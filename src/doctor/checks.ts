import { accessSync, constants, existsSync } from "node:fs";
import { dirname } from "node:path";
import { pricesUpdated } from "../config/defaults.js";
import { type ConfigSource, type LoadedConfig, resolveTier } from "../config/load.js";
import { isLitinkError } from "../errors/app-error.js";
import { ExitCode } from "../errors/exit-codes.js";
import { KEY_VARIABLES as PROVIDER_KEY_VARIABLES } from "../providers/tiers.js";

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  latencyMs?: number;
}

export interface ConfigEntry {
  value: unknown;
  source: ConfigSource | "none";
}

export interface DoctorReport {
  [field: string]: unknown;
  ok: boolean;
  checks: Check[];
  config: Record<string, ConfigEntry>;
}

const MINIMUM_NODE = [20, 19] as const;
// Every provider's key variable, from the one table of them; each has a base URL twin.
const KEY_VARIABLES = Object.values(PROVIDER_KEY_VARIABLES).filter(
  (name): name is string => name !== null,
);
const URL_VARIABLES = KEY_VARIABLES.map((name) => name.replace(/_API_KEY$/, "_BASE_URL"));

/**
 * Local checks (runtime, ffmpeg/ffprobe, sqlite-vec, state folder, config); with `live`, also
 * one tiny call per configured provider and modality of the selected tier.
 */
export async function runDoctor(options: {
  env: NodeJS.ProcessEnv;
  loadConfig: () => Promise<LoadedConfig>;
  live?: { tier?: string; offline?: boolean };
}): Promise<DoctorReport> {
  const checks: Check[] = [checkNode()];
  checks.push(await checkTool("ffmpeg", options.env), await checkTool("ffprobe", options.env));
  checks.push(await checkSqliteVec());

  let loaded: LoadedConfig | null = null;
  try {
    loaded = await options.loadConfig();
    const files = [loaded.userFile, loaded.projectFile].filter(Boolean);
    checks.push({
      name: "config",
      ok: true,
      detail: files.length ? `valid: ${files.join(", ")}` : "no config file; defaults in use",
    });
    checks.push(checkHome(loaded.home));
    if (options.live) checks.push(...(await runLive(loaded, options.env, options.live)));
  } catch (error) {
    // A bad flag (--offline with --tier) is the user's usage error, not a config problem.
    if (!isLitinkError(error) || error.exitCode === ExitCode.usage) throw error;
    checks.push({
      name: "config",
      ok: false,
      detail: `${error.message}${error.hint ? ` (${error.hint})` : ""}`,
    });
  }
  return {
    ok: checks.every((check) => check.ok),
    checks,
    config: configTable(loaded, options.env),
  };
}

function checkNode(): Check {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  const ok = major > MINIMUM_NODE[0] || (major === MINIMUM_NODE[0] && minor >= MINIMUM_NODE[1]);
  return {
    name: "node",
    ok,
    detail: ok
      ? `v${process.versions.node}`
      : `v${process.versions.node} is too old; litink needs >= ${MINIMUM_NODE.join(".")}`,
  };
}

async function checkTool(name: "ffmpeg" | "ffprobe", env: NodeJS.ProcessEnv): Promise<Check> {
  const { locateTool, toolVersion } = await import("../system/executables.js");
  const tool = locateTool(name, env);
  if (!tool) {
    return {
      name,
      ok: false,
      detail: `not found on PATH; install it (e.g. apt-get install ffmpeg) or set LITINK_${name.toUpperCase()}`,
    };
  }
  const started = performance.now();
  try {
    const version = await toolVersion(tool.path);
    return {
      name,
      ok: true,
      detail: `${version} (${tool.path}, from ${tool.source})`,
      latencyMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    return {
      name,
      ok: false,
      detail: `${tool.path} (from ${tool.source}) does not run: ${(error as Error).message}`,
    };
  }
}

async function checkSqliteVec(): Promise<Check> {
  const started = performance.now();
  try {
    const { default: Database } = await import("better-sqlite3");
    const sqliteVec = await import("sqlite-vec");
    const db = new Database(":memory:");
    try {
      sqliteVec.load(db);
      const row = db.prepare("SELECT vec_version() AS vec, sqlite_version() AS sqlite").get() as {
        vec: string;
        sqlite: string;
      };
      return {
        name: "sqlite-vec",
        ok: true,
        detail: `${row.vec} on SQLite ${row.sqlite}`,
        latencyMs: Math.round(performance.now() - started),
      };
    } finally {
      db.close();
    }
  } catch (error) {
    return { name: "sqlite-vec", ok: false, detail: `does not load: ${(error as Error).message}` };
  }
}

function checkHome(home: string): Check {
  const target = existsSync(home) ? home : dirname(home);
  try {
    accessSync(target, constants.W_OK);
    return {
      name: "state folder",
      ok: true,
      detail: `${home}${existsSync(home) ? "" : " (created on first use)"}`,
    };
  } catch {
    return {
      name: "state folder",
      ok: false,
      detail: `${target} is not writable; set LITINK_HOME to a writable folder`,
    };
  }
}

/** Every setting with its source; API keys only as present/absent, never their value. */
function configTable(
  loaded: LoadedConfig | null,
  env: NodeJS.ProcessEnv,
): Record<string, ConfigEntry> {
  const table: Record<string, ConfigEntry> = {};
  if (loaded) {
    const { tier, tierSource } = resolveTier(loaded);
    table.tier = { value: tier, source: tierSource };
    table.budgetUsd = {
      value: loaded.config.budgetUsd,
      source: loaded.sources.budgetUsd ?? "default",
    };
    table.out = { value: loaded.config.out, source: loaded.sources.out ?? "default" };
    table.home = { value: loaded.home, source: loaded.homeSource };
    table.pricesUpdated = {
      value: loaded.config.prices ? `${pricesUpdated} (with overrides)` : pricesUpdated,
      source: loaded.config.prices ? (loaded.sources.prices ?? "project") : "default",
    };
    for (const [key, value] of Object.entries(loaded.config.ingest)) {
      table[`ingest.${key}`] = { value, source: loaded.sources[`ingest.${key}`] ?? "default" };
    }
  }
  for (const name of KEY_VARIABLES) {
    table[name] = env[name]?.trim()
      ? { value: "present", source: "env" }
      : { value: "absent", source: "none" };
  }
  for (const name of URL_VARIABLES) {
    if (env[name]?.trim())
      table[name] = { value: withoutCredentials(env[name]!.trim()), source: "env" };
  }
  return table;
}

/** A base URL may carry `user:password@`; show the address only. */
function withoutCredentials(value: string): string {
  try {
    const url = new URL(value);
    if (!url.username && !url.password) return value;
    url.username = "";
    url.password = "";
    return `${url.toString()} (credentials hidden)`;
  } catch {
    return "(set, not a valid URL)";
  }
}

async function runLive(
  loaded: LoadedConfig,
  env: NodeJS.ProcessEnv,
  flags: { tier?: string; offline?: boolean },
): Promise<Check[]> {
  const { selectTier } = await import("../providers/tiers.js");
  const { liveChecks } = await import("./live.js");
  const { openStore } = await import("../store/db.js");
  const { locateTool } = await import("../system/executables.js");
  const { tier, tierSource } = selectTier(flags, loaded);
  const db = await openStore(loaded.home);
  try {
    const ffmpegPath = locateTool("ffmpeg", env)?.path;
    const checks = await liveChecks({
      tier,
      config: loaded.config,
      env,
      db,
      ...(ffmpegPath ? { ffmpegPath } : {}),
    });
    return [{ name: "tier", ok: true, detail: `${tier} (from ${tierSource})` }, ...checks];
  } finally {
    db.close();
  }
}
