import { describe, expect, it } from "vitest";
import type { Passage } from "../writer.js";
import { extractiveWriter, findCharacters } from "./index.js";
import { bookOf } from "./test-support.js";

const chapters = [
  [
    "Mr. Darcy came to Netherfield Park with his friend. Mr. Darcy was tall, with a handsome face and dark eyes. He was proud.",
    "Mrs. Bennet talked at Netherfield Park about the ball. Mrs. Bennet was silly and she laughed.",
    "“I am not handsome enough,” said Mr. Darcy in the drawing-room of Netherfield Park.",
  ].join("\n\n"),
  "Mrs. Bennet wore a blue gown and a bonnet. She walked to Meryton Street. Meryton Street was busy, and Mrs. Bennet smiled. Mr. Darcy rode down Meryton Street on his horse.",
];

describe("offline bible draft", () => {
  it("describes characters from retrieved passages and finds places", async () => {
    const book = bookOf(chapters);
    const queries: string[] = [];
    const passages = async (query: string): Promise<Passage[]> => {
      queries.push(query);
      return book.chapters.flatMap((chapter) =>
        chapter.text.split("\n\n").map((text) => ({ chapterIndex: chapter.index, text })),
      );
    };
    const writer = extractiveWriter();
    expect(writer.name).toBe("extractive");
    const draft = await writer.draftBible({
      book,
      candidates: await findCharacters(book),
      passages,
    });
    const darcy = draft.characters.find((character) => character.name === "Mr. Darcy")!;
    expect(darcy.role).toBe("protagonist");
    expect(darcy.description).toContain("tall, with a handsome face and dark eyes");
    expect(darcy.personality).toContain("proud");
    const bennet = draft.characters.find((character) => character.name === "Mrs. Bennet")!;
    expect(bennet.description).toContain("blue gown");
    expect(queries.some((query) => query.startsWith("Mr. Darcy face eyes hair"))).toBe(true);
    const places = new Map(draft.locations.map((location) => [location.name, location.interior]));
    expect(places.get("Netherfield Park")).toBe(false);
    expect(places.get("Meryton Street")).toBe(false);
    expect(draft.style.visual).not.toBe("");
    expect(draft.writer).toBe("extractive");
  });

  it("describes the right person, merges pet names and drops titles that are no one", async () => {
    const book = bookOf([
      [
        "Mr. Grey came in with his sister. Miss Grey was tall, with fair hair and grey eyes.",
        "Mr. Grey bowed. Elizabeth Ware looked at him. Elizabeth smiled at Mr. Grey, and Lizzy laughed.",
        "“Lizzy, come here,” said Mr. Grey. “Yes,” said Lizzy. Lizzy ran to the window.",
        "“Her Ladyship is here,” said Elizabeth. Her Ladyship sat. Her Ladyship was kind.",
      ].join("\n\n"),
      "Elizabeth walked out. Lizzy sat down. Elizabeth read. Miss Grey smiled. Mr. Grey went out.",
    ]);
    const passages = async (): Promise<Passage[]> =>
      book.chapters.flatMap((chapter) =>
        chapter.text.split("\n\n").map((text) => ({ chapterIndex: chapter.index, text })),
      );
    const candidates = await findCharacters(book);
    const names = candidates.map((candidate) => candidate.name);
    expect(names).not.toContain("Lizzy");
    expect(names).not.toContain("Ladyship");
    const elizabeth = candidates.find((candidate) => candidate.name.startsWith("Elizabeth"))!;
    expect(elizabeth.aliases).toContain("Lizzy");
    const draft = await extractiveWriter().draftBible({ book, candidates, passages });
    const grey = draft.characters.find((character) => character.name === "Mr. Grey")!;
    expect(grey.description).not.toMatch(/tall|fair hair/);
    expect(grey.description).not.toBe("");
  });
});
