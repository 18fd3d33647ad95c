import { describe, expect, it } from "vitest";
import { isLitinkError } from "../errors/app-error.js";
import { sameJson, selectChapters, servedBy, writtenBy } from "./run-plan.js";
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
});
