import { describe, expect, it } from "vitest";
import { isLitinkError } from "../errors/app-error.js";
import {
  missingIds,
  sameJson,
  selectChapters,
  servedBy,
  staleReason,
  writtenBy,
} from "./run-plan.js";
import type { Bible, Screenplay } from "./schema.js";
import type { BodyChapter } from "./writer.js";

const chapter = (index: number) =>
  ({ index, id: `c${index}`, title: `Chapter ${index}` }) as BodyChapter;

describe("run plan", () => {
  it("selects body chapters by number and names the valid range for unknown ones", () => {
    const body = [1, 2, 3].map(chapter);
    expect(selectChapters(body, undefined)).toBe(body);
    expect(selectChapters(body, [3, 1]).map((each) => each.index)).toEqual([1, 3]);
    const error = (() => {
      try {
        selectChapters(body, [2, 7, 8]);
      } catch (caught) {
        return caught;
      }
    })();
    expect(isLitinkError(error) && error.exitCode).toBe(64);
    expect((error as Error).message).toBe("--chapters 7,8: the book has 3 chapters (1–3)");
  });

  it("reuses a screenplay only from the same writer or models of the tier's chain", () => {
    expect(writtenBy("extractive", "extractive", [])).toBe(true);
    expect(writtenBy("openrouter:a", "extractive", [])).toBe(false);
    const chain = ["openrouter:a", "openrouter:b"];
    expect(writtenBy("openrouter:b", "openrouter:a, openrouter:b", chain)).toBe(true);
    expect(writtenBy("openrouter:a, openrouter:b", "x", chain)).toBe(true);
    expect(writtenBy("openrouter:c", "x", chain)).toBe(false);
    expect(writtenBy("extractive", "x", chain)).toBe(false);
  });

  it("reports who served a chapter and compares JSON whatever the key order", () => {
    expect(servedBy("openrouter:deepseek/deepseek-chat", "x")).toEqual({
      provider: "openrouter",
      model: "deepseek/deepseek-chat",
    });
    expect(servedBy(null, "extractive")).toEqual({ provider: "local", model: "extractive" });
    expect(sameJson({ a: 1, b: [{ c: 2, d: 3 }] }, { b: [{ d: 3, c: 2 }], a: 1 })).toBe(true);
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
  });

  describe("staleReason", () => {
    const bible = {
      characters: [{ id: "alice" }, { id: "hatter" }],
      locations: [{ id: "garden" }],
    } as unknown as Bible;
    const screenplay = (writer: string, writerVersion: string): Screenplay =>
      ({
        chapter: { index: 1, title: "Chapter 1", id: "c1" },
        targetMinutes: 2,
        writer,
        writerVersion,
        scenes: [
          {
            location: "garden",
            shots: [{ characters: ["alice", "hatter"] }],
            lines: [{ speaker: "narrator" }, { speaker: "hatter" }],
          },
        ],
      }) as unknown as Screenplay;
    const offline = { name: "extractive", version: "x1", refs: [] };
    const paid = { name: "openrouter:a", version: "l1", refs: ["openrouter:a", "openrouter:b"] };

    it("reuses a screenplay that fits, and says why one does not", () => {
      const saved = screenplay("extractive", "x1");
      expect(staleReason(saved, chapter(1), 2, offline, bible, false)).toBeNull();
      expect(staleReason(null, chapter(1), 2, offline, bible, false)).toBe("no screenplay yet");
      expect(staleReason(saved, chapter(1), 2, offline, bible, true)).toBe("asked to rewrite");
      expect(staleReason(saved, { ...chapter(1), id: "c1-edited" }, 2, offline, bible, false)).toBe(
        "the chapter's text changed",
      );
      expect(staleReason(saved, chapter(1), 3, offline, bible, false)).toBe(
        "the target length changed",
      );
      expect(
        staleReason(screenplay("extractive", "x0"), chapter(1), 2, offline, bible, false),
      ).toBe("written by another version of the writer");
    });

    it("never reuses a screenplay naming ids the bible no longer has", () => {
      const without = { ...bible, characters: [{ id: "alice" }] } as unknown as Bible;
      const saved = screenplay("extractive", "x1");
      expect(missingIds(saved, without)).toEqual(["hatter"]);
      expect(staleReason(saved, chapter(1), 2, offline, without, false)).toBe(
        "the bible no longer has hatter",
      );
      const noGarden = { ...bible, locations: [] } as unknown as Bible;
      expect(missingIds(saved, noGarden)).toEqual(["garden"]);
    });

    it("keeps a paid LLM screenplay on an offline run, but upgrades an extractive one on a paid run", () => {
      const llm = screenplay("openrouter:b", "l1");
      expect(staleReason(llm, chapter(1), 9, offline, bible, false)).toBeNull();
      expect(staleReason(llm, chapter(1), 2, offline, bible, true)).toBe("asked to rewrite");
      expect(staleReason(llm, chapter(1), 2, paid, bible, false)).toBeNull();
      expect(staleReason(screenplay("extractive", "x1"), chapter(1), 2, paid, bible, false)).toBe(
        "written by extractive, not openrouter:a",
      );
    });
  });
});
