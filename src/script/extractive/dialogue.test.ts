import { describe, expect, it } from "vitest";
import { condenseDialogue, type Turn } from "./dialogue.js";
import { countWords } from "./text.js";

const long = (topic: string) =>
  `I have a great deal to say about ${topic}. It goes on and on about ${topic} for a while. ` +
  `Then it says even more about ${topic} and the weather and the neighbours and the town.`;

const exchange: Turn[] = [
  { speaker: "wife", text: long("the new tenant") },
  { speaker: "husband", text: "I have not heard." },
  { speaker: "wife", text: long("the tenant's fortune") },
  { speaker: "husband", text: "How can it affect them?" },
  { speaker: "wife", text: long("marrying the tenant") },
  { speaker: "husband", text: "Is that his design?" },
];

describe("dialogue condensation", () => {
  it("keeps every turn, and so both speakers, by shortening long turns to whole sentences", () => {
    const kept = condenseDialogue(exchange, 50);
    expect(kept.map((turn) => turn.index)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const turn of kept) {
      expect(exchange[turn.index]!.text.startsWith(turn.text)).toBe(true);
      expect(turn.text).toMatch(/[.!?]$/);
    }
    expect(kept.reduce((sum, turn) => sum + countWords(turn.text), 0)).toBeLessThanOrEqual(50);
  });

  it("keeps runs of consecutive turns, not isolated lines, when even that is too long", () => {
    const many = [...exchange, ...exchange, ...exchange];
    const kept = condenseDialogue(many, 30).map((turn) => turn.index);
    expect(new Set(kept.map((index) => many[index]!.speaker)).size).toBe(2);
    // Every kept turn has a kept neighbour: a reply keeps the line it answers.
    for (const index of kept) {
      expect(kept.includes(index - 1) || kept.includes(index + 1)).toBe(true);
    }
  });

  it("leaves dialogue that fits untouched", () => {
    const kept = condenseDialogue(exchange, 1000);
    expect(kept.map((turn) => turn.text)).toEqual(exchange.map((turn) => turn.text));
  });
});
