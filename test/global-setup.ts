import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/**
 * e2e tests spawn the real CLI from dist/, so build it once per test run. Type errors are
 * the type check's business (`npm run lint`); tsc still emits, so only a missing output fails.
 */
export default function setup(): void {
  const build = spawnSync(
    process.execPath,
    ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"],
    {
      encoding: "utf8",
    },
  );
  if (build.status !== 0)
    process.stderr.write(`tsc reported type errors (run npm run typecheck):\n${build.stdout}`);
  if (!existsSync("dist/cli/index.js")) throw new Error("the build produced no dist/cli/index.js");
}
