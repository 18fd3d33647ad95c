/** Public API for config files and scripts: `import { defineConfig } from "litink"`. */
export {
  defineConfig,
  type LitinkConfig,
  type LitinkConfigInput,
  type Tier,
} from "./config/schema.js";
export { isLitinkError, LitinkError } from "./errors/app-error.js";
export { type Book, type Chapter, readBook } from "./ingest/index.js";
