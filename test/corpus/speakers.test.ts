import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readBook } from "../../src/ingest/index.js";
import type { Book } from "../../src/model/book.js";
import { extractiveWriter, findCharacters } from "../../src/script/extractive/index.js";
import { NARRATOR, type Screenplay } from "../../src/script/schema.js";
import type { BodyChapter } from "../../src/script/writer.js";
import { bibleFromDraft, memoryPassages } from "../script/extractive/offline-bible.js";
import { corpusDir, corpusPresent, inCi } from "../support/corpus.js";

/**
 * Issue 5, "Done when": offline speaker attribution scored against labels written before the
 * attributor (test/fixtures/speakers). Every labelled speech, thought or song must sit in a
 * screenplay line whose speaker is the labelled character (by name or alias); a quote that
 * is in no line counts as wrong. The score is printed.
 */
interface Labels {
  book: string;
  chapter: number;
  speakers: Record<string, string[]>;
  quotes: Array<{ n: number; text: string; speaker: string | null; kind: string }>;
}

const labelsDir = join(import.meta.dirname, "../fixtures/speakers");
const SCORED_KINDS = new Set(["speech", "thought", "song"]);
/**
 * The bar for P&P ch. 1; the others are floors just under what the attributor reached
 * when it was written (ch. 3 and Alice ch. 9 are hold-outs it was never tuned on).
 */
const FLOORS: Record<string, number> = {
  "pride-and-prejudice-ch01": 0.85,
  "pride-and-prejudice-ch03": 0.8,
  "alice-ch07": 0.9,
  "alice-ch09": 0.9,
};

function normalise(text: string): string {
  return text
    .normalize("NFC")
    .replace(/[‘’‚‛`´'“”„‟"«»]/g, "'")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

function nameKey(name: string): string {
  return normalise(name)
    .replace(/^the\s+/, "")
    .replace(/[^\p{L}\p{N} ]+/gu, "")
    .replace(/\s+/g, " ")
    .trim();
}

async function adaptLabelled(
  book: Book,
  index: number,
): Promise<{ screenplay: Screenplay; names: Map<string, string[]> }> {
  const chapter = book.chapters.find(
    (candidate) => candidate.kind === "body" && candidate.index === index,
  );
  if (!chapter) throw new Error(`chapter ${index} not found in ${book.source.path}`);
  const writer = extractiveWriter();
  const passages = memoryPassages(book);
  const candidates = await findCharacters(book);
  const bible = bibleFromDraft(await writer.draftBible({ book, candidates, passages }), book);
  const { screenplay, newCharacters } = await writer.adaptChapter({
    book,
    chapter: chapter as BodyChapter,
    bodyChapters: book.chapters.filter((candidate) => candidate.kind === "body").length,
    bible,
    // Ratio 1: the whole chapter is kept, dialogue included (it is kept in full anyway).
    target: { minutes: 60, spokenWords: 9000, ratio: 1 },
    passages,
  });
  const names = new Map<string, string[]>(
    bible.characters.map((character) => [character.id, [character.name, ...character.aliases]]),
  );
  for (const character of newCharacters) {
    names.set(character.name.toLowerCase().replace(/[^a-z0-9]+/g, "-"), [character.name]);
  }
  return { screenplay, names };
}

if (!corpusPresent) {
  describe("speaker attribution", () => {
    if (inCi) {
      it("has the corpus in CI", () => {
        throw new Error(`CI=true but the corpus is missing at ${corpusDir} (set LITINK_CORPUS)`);
      });
    } else {
      it.skip(`corpus not found at ${corpusDir}: set LITINK_CORPUS to score speaker attribution`, () => {});
    }
  });
} else {
  const files = readdirSync(labelsDir)
    .filter((name) => name.endsWith(".json"))
    .sort();
  describe("speaker attribution (offline, against labels)", () => {
    for (const file of files) {
      const key = file.replace(/\.json$/, "");
      it(`scores ${key}`, async () => {
        const labels = JSON.parse(readFileSync(join(labelsDir, file), "utf8")) as Labels;
        const book = await readBook(join(corpusDir, labels.book));
        const { screenplay, names } = await adaptLabelled(book, labels.chapter);
        const lines = screenplay.scenes.flatMap((scene) => scene.lines);
        const scored = labels.quotes.filter(
          (quote) => quote.speaker !== null && SCORED_KINDS.has(quote.kind),
        );
        const wrong: string[] = [];
        // Quotes are matched in order, past the previous match, so a repeated phrase ("You might
        // just as well say,") finds its own line and not an earlier one.
        const texts = lines.map((candidate) => normalise(candidate.text));
        let cursor = { line: 0, offset: 0 };
        const locate = (text: string) => {
          const wanted = normalise(text);
          for (let index = cursor.line; index < texts.length; index++) {
            const at = texts[index]!.indexOf(wanted, index === cursor.line ? cursor.offset : 0);
            if (at >= 0) {
              cursor = { line: index, offset: at + wanted.length };
              return lines[index];
            }
          }
          return lines.find((_candidate, index) => texts[index]!.includes(wanted));
        };
        for (const quote of scored) {
          const wanted = new Set(
            [quote.speaker!, ...(labels.speakers[quote.speaker!] ?? [])].map(nameKey),
          );
          const line = locate(quote.text);
          const said =
            line && line.speaker !== NARRATOR ? (names.get(line.speaker) ?? [line.speaker]) : [];
          if (!said.some((name) => wanted.has(nameKey(name)))) {
            wrong.push(
              `#${quote.n} ${quote.speaker} ≠ ${line ? line.speaker : "(no line)"}: ${quote.text.slice(0, 40)}`,
            );
          }
        }
        const correct = scored.length - wrong.length;
        const share = correct / scored.length;
        console.log(
          `speaker attribution: ${key} ${correct}/${scored.length} = ${(share * 100).toFixed(1)}%` +
            (wrong.length > 0 ? `\n  wrong:\n  ${wrong.join("\n  ")}` : ""),
        );
        expect(scored.length).toBeGreaterThan(0);
        expect(share).toBeGreaterThanOrEqual(FLOORS[key] ?? 0.5);
        if (key.startsWith("pride-and-prejudice")) {
          const cast = [...names.values()].flat().map(nameKey);
          expect(cast).toContain("mr bennet");
          expect(cast).toContain("mrs bennet");
        }
      });
    }
  });
}
