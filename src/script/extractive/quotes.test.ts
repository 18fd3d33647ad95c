import { describe, expect, it } from "vitest";
import { detectQuoteStyle, splitQuotes } from "./quotes.js";

describe("quote extraction", () => {
  it("splits curly double quotes and keeps the narration between them", () => {
    const segments = splitQuotes("“My dear,” said his lady, “have you heard?”", "double");
    expect(segments).toEqual([
      { kind: "quote", text: "My dear," },
      { kind: "narration", text: "said his lady," },
      { kind: "quote", text: "have you heard?" },
    ]);
  });

  it("treats straight double quotes as pairs", () => {
    const segments = splitQuotes('"Yes," she said. "No."', "double");
    expect(segments.map((segment) => segment.kind)).toEqual(["quote", "narration", "quote"]);
  });

  it("reads single-quoted dialogue without breaking on apostrophes", () => {
    const text = "'I don't see any wine,' she remarked. 'It's the Hatter's,' said Alice.";
    const segments = splitQuotes(text, "single");
    expect(segments).toEqual([
      { kind: "quote", text: "I don't see any wine," },
      { kind: "narration", text: "she remarked." },
      { kind: "quote", text: "It's the Hatter's," },
      { kind: "narration", text: "said Alice." },
    ]);
  });

  it("keeps nested double quotes inside a single-quoted span", () => {
    const segments = splitQuotes(
      `'You might say that "I see what I eat"!' said the Hatter.`,
      "single",
    );
    expect(segments[0]).toEqual({ kind: "quote", text: 'You might say that "I see what I eat"!' });
  });

  it("closes a quote left open at the end of the paragraph", () => {
    const segments = splitQuotes("“I went on and on, and", "double");
    expect(segments).toEqual([{ kind: "quote", text: "I went on and on, and" }]);
  });

  it("reads guillemets and dialogue dashes", () => {
    expect(splitQuotes("«Bonjour», dit-il.", "double")[0]).toEqual({
      kind: "quote",
      text: "Bonjour",
    });
    const dash = splitQuotes("—Vamos ya —dijo Sancho—, que es tarde.", "dash");
    expect(dash[0]).toEqual({ kind: "quote", text: "Vamos ya" });
    expect(dash[1]?.kind).toBe("narration");
  });

  it("detects the chapter's quoting style", () => {
    expect(detectQuoteStyle("'Hello,' said Alice. 'Goodbye,' said the Cat. It's late.")).toBe(
      "single",
    );
    expect(detectQuoteStyle("“Hello,” said Alice. It's ‘fine’. “Bye.”")).toBe("double");
    expect(detectQuoteStyle("— Hola.\n\n— Adiós.\n\n— Bueno.")).toBe("dash");
  });
});
