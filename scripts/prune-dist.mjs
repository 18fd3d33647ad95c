// Removes files from dist/ whose source in src/ is gone (tsc never deletes its old output),
// so a renamed or deleted module cannot be imported from a stale build. Plain Node, no
// dependencies: it runs in `npm run build`, which `npm ci` runs through `prepare`.
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const dist = join(root, "dist");
const outputs = /\.(d\.ts\.map|d\.ts|js\.map|js)$/;

function prune(folder) {
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) {
      prune(path);
      if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
      continue;
    }
    const match = outputs.exec(name);
    if (!match) continue;
    const stem = relative(dist, path).slice(0, -match[0].length);
    if (!existsSync(join(root, "src", `${stem}.ts`))) rmSync(path);
  }
}

if (existsSync(dist)) prune(dist);
