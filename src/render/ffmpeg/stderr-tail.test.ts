import { describe, expect, it } from "vitest";
import { cutLine, LineTail, lastLines } from "./stderr-tail.js";

describe("LineTail", () => {
  it("joins lines split across chunks and treats \\r as a line end", () => {
    const tail = new LineTail(10);
    tail.push("first li");
    tail.push("ne\r\nsize=1 time=0\rsecond\n");
    tail.push("third");
    tail.end();
    expect(tail.text()).toBe("first line\nsize=1 time=0\nsecond\nthird");
  });

  it("keeps only the last lines, and skips the ones the filter rejects", () => {
    const tail = new LineTail(3, (line) => !line.startsWith("progress="));
    for (let index = 1; index <= 6; index++) tail.push(`line ${index}\nprogress=continue\n`);
    expect(tail.text()).toBe("line 4\nline 5\nline 6");
    expect(tail.text(2)).toBe("line 5\nline 6");
  });
});

describe("lastLines and cutLine", () => {
  it("returns the last non-empty lines", () => {
    expect(lastLines("a\n\nb\r\nc\n", 2)).toBe("b\nc");
  });

  it("drops URL query strings and cuts runaway lines", () => {
    expect(cutLine("https://cdn.example/v.mp4?sig=SECRET&x=1: Server returned 403")).toBe(
      "https://cdn.example/v.mp4?… Server returned 403",
    );
    expect(cutLine("x".repeat(5000))).toHaveLength(1001);
  });
});
