import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, resolveTier } from "../../src/config/load.js";
import { configJsonSchema } from "../../src/config/schema.js";
import { isLitinkError } from "../../src/errors/app-error.js";

function folder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "litink-config-"));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(root, name, ".."), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  return root;
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isLitinkError(error)) return error;
    throw error;
  }
  throw new Error("expected a LitinkError");
}

describe("config", () => {
  it("publishes a JSON Schema that matches the zod schema (run `npm run schema` if this fails)", () => {
    const committed = JSON.parse(
      readFileSync(new URL("../../schema/litink.config.schema.json", import.meta.url), "utf8"),
    );
    expect(committed).toEqual(configJsonSchema());
  });

  it("loads litink.config.ts that imports defineConfig from litink, with defaults filled in", async () => {
    const cwd = folder({
      "litink.config.ts": `import { defineConfig } from "litink";\nconst budget: number = 2.5;\nexport default defineConfig({ budgetUsd: budget, ingest: { maxFileMb: 50 } });\n`,
    });
    const loaded = await loadConfig({ cwd, env: {} });
    expect(loaded.config.budgetUsd).toBe(2.5);
    expect(loaded.config.ingest).toEqual({
      maxFileMb: 50,
      maxUnzippedMb: 1024,
      maxZipEntries: 10000,
    });
    expect(loaded.projectFile).toBe(join(cwd, "litink.config.ts"));
    expect(loaded.home).toBe(join(cwd, ".litink"));
    expect(loaded.sources).toMatchObject({
      budgetUsd: "project",
      "ingest.maxFileMb": "project",
      out: "default",
    });
  });

  it("applies flags > env > project > user > defaults and records each source", async () => {
    const xdg = folder({
      "litink/config.json": JSON.stringify({ tier: "basic", budgetUsd: 9, out: "user-out" }),
    });
    const cwd = folder({ ".litinkrc.json": JSON.stringify({ budgetUsd: 3 }) });
    const loaded = await loadConfig({
      cwd,
      env: { XDG_CONFIG_HOME: xdg, LITINK_TIER: "premium" },
      flags: { out: "flag-out" },
    });
    expect(loaded.config).toMatchObject({ tier: "premium", budgetUsd: 3, out: "flag-out" });
    expect(loaded.sources).toMatchObject({ tier: "env", budgetUsd: "project", out: "flag" });
    const userOnly = await loadConfig({ cwd: folder({}), env: { XDG_CONFIG_HOME: xdg } });
    expect(userOnly.config).toMatchObject({ tier: "basic", budgetUsd: 9, out: "user-out" });
    expect(userOnly.sources).toMatchObject({ tier: "user", budgetUsd: "user", out: "user" });
    expect(resolveTier(loaded)).toEqual({ tier: "premium", tierSource: "env" });
  });

  it("defaults to the local tier when nothing sets one, whatever keys are present", async () => {
    const loaded = await loadConfig({ cwd: folder({}), env: { OPENAI_API_KEY: "sk-test" } });
    expect(resolveTier(loaded)).toEqual({ tier: "local", tierSource: "default" });
  });

  it("names the offending key and file, and suggests the right spelling", async () => {
    const cwd = folder({
      "litink.config.json": JSON.stringify({ budget: 3, ingest: { maxFileMb: "big" } }),
    });
    const error = await failure(loadConfig({ cwd, env: {} }));
    expect(error.exitCode).toBe(78);
    expect(error.message).toContain(join(cwd, "litink.config.json"));
    expect(error.message).toContain('budget: unknown key (did you mean "budgetUsd"?)');
    expect(error.message).toContain("ingest.maxFileMb: expected number");
  });

  it("reports a syntax error in a .ts config as a configuration error, not a crash", async () => {
    const cwd = folder({ "litink.config.ts": "export default {{ nope" });
    const error = await failure(loadConfig({ cwd, env: {} }));
    expect(error.name).toBe("ConfigLoadFailed");
    expect(error.exitCode).toBe(78);
  });

  it("finds the project config in a parent folder and keeps the state folder beside it", async () => {
    const root = folder({
      "litink.config.json": JSON.stringify({ budgetUsd: 1 }),
      "package.json": "{}",
    });
    const nested = join(root, "books", "drafts");
    mkdirSync(nested, { recursive: true });
    const loaded = await loadConfig({ cwd: nested, env: {} });
    expect(loaded.projectFile).toBe(join(root, "litink.config.json"));
    expect(loaded.home).toBe(join(root, ".litink"));
  });

  it("resolves a relative home against the config file that set it", async () => {
    const xdg = folder({ "litink/config.json": JSON.stringify({ home: "state" }) });
    const loaded = await loadConfig({ cwd: folder({}), env: { XDG_CONFIG_HOME: xdg } });
    expect(loaded).toMatchObject({ home: join(xdg, "litink", "state"), homeSource: "user" });
  });

  it("rejects an unknown LITINK_TIER and honours LITINK_HOME", async () => {
    const cwd = folder({});
    expect((await failure(loadConfig({ cwd, env: { LITINK_TIER: "gold" } }))).message).toContain(
      "LITINK_TIER",
    );
    const loaded = await loadConfig({ cwd, env: { LITINK_HOME: "state" } });
    expect(loaded).toMatchObject({ home: join(cwd, "state"), homeSource: "env" });
  });
});
