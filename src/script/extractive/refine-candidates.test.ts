import { describe, expect, it } from "vitest";
import type { CharacterCandidate } from "../writer.js";
import { refineCandidates } from "./refine-candidates.js";

const person = (
  name: string,
  gender: CharacterCandidate["gender"],
  extra: Partial<CharacterCandidate> = {},
): CharacterCandidate => ({
  name,
  aliases: [],
  mentions: 10,
  speaking: 0,
  firstChapter: 1,
  gender,
  age: "adult",
  ...extra,
});

describe("candidate refinement", () => {
  it("merges pet names into the one character they can mean", () => {
    const found = refineCandidates(
      [
        person("Elizabeth", "female", { aliases: ["Miss Elizabeth Bennet"] }),
        person("Lizzy", "female", { aliases: ["Miss Lizzy"] }),
        person("Miss Eliza", "female"),
        person("Kitty", "female"),
        person("Lady Catherine", "female", { aliases: ["Catherine"] }),
        person("Mrs. Grey", "female"),
      ],
      [],
    );
    const names = found.map((candidate) => candidate.name);
    expect(names).not.toContain("Lizzy");
    expect(names).not.toContain("Miss Eliza");
    const elizabeth = found.find((candidate) => candidate.name === "Elizabeth")!;
    expect(elizabeth.aliases).toEqual(
      expect.arrayContaining(["Lizzy", "Miss Lizzy", "Miss Eliza"]),
    );
    expect(elizabeth.mentions).toBe(30);
    // Kitty could be Lady Catherine only by name: a different title, so a different person.
    expect(names).toContain("Kitty");
    expect(names).toContain("Lady Catherine");
  });

  it("keeps a pet name apart when two characters could be meant", () => {
    const found = refineCandidates(
      [person("Jack", "male"), person("John Ware", "male"), person("John Hale", "male")],
      [],
    );
    expect(found.map((candidate) => candidate.name)).toContain("Jack");
  });

  it("drops honorifics, bare titles, plural families and saints' places", () => {
    const texts = ["He went to St. James’s. The court of St. James’s was full. St. James’s again."];
    const found = refineCandidates(
      [
        person("Ladyship", "female"),
        person("Colonel", "male"),
        person("Miss Bennets", "female"),
        person("Miss Bennet", "female"),
        person("St. James", "male"),
        person("Queen", "female", { aliases: ["the Queen"], speaking: 3 }),
      ],
      texts,
    );
    expect(found.map((candidate) => candidate.name)).toEqual(["Miss Bennet", "Queen"]);
  });

  it("merges a bare first name into the one surname the book gives it", () => {
    const found = refineCandidates(
      [person("Mr. Ware", "male"), person("Charles", "male"), person("Mrs. Hale", "female")],
      ["Charles Ware came in.", "Charles sat down."],
    );
    expect(found.map((candidate) => candidate.name)).toEqual(["Mr. Ware", "Mrs. Hale"]);
  });
});
