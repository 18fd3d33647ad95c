import { describe, expect, it } from "vitest";
import type { CharacterCandidate } from "../writer.js";
import { describeCharacter, nameFinder, neutralDescription } from "./describe-character.js";

const person = (name: string, gender: CharacterCandidate["gender"], aliases: string[] = []) => ({
  name,
  aliases,
  mentions: 10,
  speaking: 0,
  firstChapter: 1,
  gender,
  age: "adult" as const,
});

const cast = [
  person("Mr. Grey", "male", ["Grey"]),
  person("Miss Grey", "female"),
  person("Jane", "female"),
  person("Mrs. Hale", "female"),
];
const findNames = nameFinder(cast);
const describe_ = (position: number, texts: string[]) =>
  describeCharacter(cast[position]!, position, texts, findNames);

describe("character descriptions", () => {
  it("does not give a character the features of someone whose name contains theirs", () => {
    const texts = ["Miss Grey was tall and fair, with grey eyes. Grey bowed to the company."];
    expect(describe_(0, texts)).toBe("a man");
    expect(describe_(1, texts)).toMatch(/^Miss Grey was tall/);
  });

  it("needs the character as subject, in narration, with appearance after the name", () => {
    const texts = [
      "In ran Mrs. Hale in her dressing-gown, with her hair half done, and Jane followed.",
      "“Jane has such lovely eyes,” said Mrs. Hale.",
      "Jane smiled at Mr. Grey, whose face was red.",
      "[Illustration: Jane in a white gown]",
    ];
    expect(describe_(2, texts)).toBe("a woman");
    expect(describe_(3, texts)).toMatch(/^In ran Mrs. Hale in her dressing-gown/);
  });

  it("prefers a short portrait sentence", () => {
    const texts = [
      "Jane was pretty, with dark hair. Jane walked about the garden for hours and hours, looking at the flowers, the trees, the sky and the pond, and thinking of her face in the glass.",
    ];
    expect(describe_(2, texts)).toMatch(/^Jane was pretty, with dark hair\./);
  });

  it("falls back to what gender and age say", () => {
    expect(neutralDescription({ gender: "female", age: "young" })).toBe("a young woman");
    expect(neutralDescription({ gender: "male", age: "child" })).toBe("a boy");
    expect(neutralDescription({ gender: "unknown", age: "old" })).toBe("an old person");
  });
});
