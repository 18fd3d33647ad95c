// litink configuration — https://github.com/litink (see README "Configuration").
// Precedence: command-line flags > environment variables > this file > ~/.config/litink/config.* > defaults.
// `litink doctor` shows every setting in force and where it came from.
import { defineConfig } from "litink";

export default defineConfig({
  // Model tier: "local" runs fully offline with no API keys (extractive screenplay, drawn frames,
  // eSpeak NG voice). Paid tiers: "free", "basic", "standard", "premium", "professional".
  // Overridden by LITINK_TIER and --tier. Keys alone never switch tiers.
  tier: "{{tier}}",

  // Spending guard in USD for one `litink generate` call when --budget is not given.
  // Runs estimated above it ask first on a terminal, and stop before spending otherwise.
  budgetUsd: {{budgetUsd}},

  // Where generated videos, scripts and reports go (one folder per book).
  out: "{{out}}",

  // State folder for the database and cache. Default: .litink beside this file.
  // Overridden by LITINK_HOME.
  // home: ".litink",

  // Limits applied when reading books; raise them only for files you trust.
  ingest: {
    maxFileMb: 200, // largest book file accepted
    maxUnzippedMb: 1024, // largest unpacked size of an EPUB/DOCX (zip-bomb guard)
    maxZipEntries: 10000, // most files inside an EPUB/DOCX
  },

  // Story bible and screenplay (`litink script`, `litink generate`).
  script: {
    minutesPerThousandWords: 2, // default screen time per chapter (--minutes overrides)
    maxMinutes: 10, // cap on a chapter's default screen time
    wordsPerMinute: 150, // speaking rate that turns minutes into words
    sectionWords: 2500, // longer chapters are adapted by an LLM in sections and stitched
    // Your own prompt templates (copy them from templates/prompts/ in the litink package):
    // templates: { screenplay: "prompts/screenplay.md", bible: "prompts/bible.md", repair: "prompts/repair.md" },
  },
});
