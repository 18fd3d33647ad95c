import { describe, expect, it } from "vitest";
import { selectCentral } from "./condense.js";
import { countWords } from "./text.js";

const topics = [
  "the garden roses bloomed",
  "the king shouted at the court",
  "tea was served at the table",
];
const sentences = Array.from({ length: 40 }, (_unused, index) => {
  const topic = topics[index % topics.length]!;
  return `On day ${index + 1} ${topic} while the ${index % 2 === 0 ? "queen" : "rabbit"} watched quietly from afar.`;
});

describe("condensation", () => {
  it("keeps the words within 15% of the budget when the text allows", () => {
    for (const budget of [40, 90, 150, 250]) {
      const chosen = selectCentral(sentences, budget);
      const words = chosen.reduce((sum, index) => sum + countWords(sentences[index]!), 0);
      expect(Math.abs(words - budget) / budget).toBeLessThanOrEqual(0.15);
    }
  });

  it("gives the sentences back in their original order", () => {
    const chosen = selectCentral(sentences, 120);
    expect(chosen).toEqual([...chosen].sort((left, right) => left - right));
    expect(new Set(chosen).size).toBe(chosen.length);
  });

  it("prefers central sentences over an outlier", () => {
    const text = [
      "The queen walked in the garden among the roses.",
      "Purple elephants juggle quantum marmalade.",
      "The roses in the garden pleased the queen.",
      "The queen cut roses in the garden at noon.",
    ];
    expect(selectCentral(text, 10)).not.toContain(1);
  });

  it("is deterministic and keeps nothing for an empty budget", () => {
    expect(selectCentral(sentences, 100)).toEqual(selectCentral(sentences, 100));
    expect(selectCentral(sentences, 0)).toEqual([]);
  });
});
