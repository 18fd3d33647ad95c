import { describe, expect, it } from "vitest";
import { listVoices } from "../../../src/providers/local/espeak-voices.js";
import {
  assignVoices,
  buildBible,
  extendBible,
  findCharacter,
} from "../../../src/script/bible/index.js";
import { type Bible, bibleSchema } from "../../../src/script/schema.js";
import { book, character, prideDraft } from "./fixtures.js";

describe("buildBible", () => {
  it("gives slug ids, stable looks and no voices yet", () => {
    const bible = buildBible(prideDraft(), book(), null);
    expect(bibleSchema.parse(bible)).toEqual(bible);
    expect(bible.characters.map((person) => person.id)).toEqual([
      "elizabeth-bennet",
      "mr-darcy",
      "jane-bennet",
      "mrs-bennet",
      "mr-bennet",
      "mr-bingley",
      "mr-collins",
      "lady-catherine-de-bourgh",
      "kitty-bennet",
      "mr-lucas",
    ]);
    expect(bible.locations.map((location) => location.id)).toEqual([
      "longbourn",
      "netherfield-park",
    ]);
    const darcy = bible.characters[1]!;
    expect(darcy.voices).toEqual({});
    expect(darcy.look.prompt).toContain("Mr. Darcy");
    expect(darcy.look.prompt).toContain("Regency watercolour illustration");
    expect(darcy.look.seed).toBeLessThan(2 ** 31);
    const again = buildBible(prideDraft(), book(), null);
    expect(again).toEqual(bible);
    const otherBook = buildBible(prideDraft(), book({ title: "Emma" }), null);
    expect(otherBook.characters[1]!.look.seed).not.toBe(darcy.look.seed);
  });

  it("never uses the narrator id and merges duplicates within a draft", () => {
    const draft = prideDraft();
    draft.characters = [
      character("Narrator", 5, "unknown"),
      character("The Queen", 9, "female"),
      character("queen", 3, "female"),
      character("Queen!", 2, "female"),
    ];
    const bible = buildBible(draft, book(), null);
    expect(bible.characters.map((person) => person.id)).toEqual(["narrator-2", "the-queen"]);
  });

  it("keeps the user's edits and appends only unknown characters and locations", () => {
    const original = assignVoices(buildBible(prideDraft(), book(), null), "local", listVoices());
    // The user edits a description and a voice by hand, and reorders nothing else.
    const edited: Bible = JSON.parse(JSON.stringify(original));
    const darcy = edited.characters.find((person) => person.id === "mr-darcy")!;
    darcy.description = "Tall, dark, a faint scowl — as I picture him.";
    darcy.voices.local = { voiceId: "en+grandpa", name: "my pick" };
    edited.style.visual = "ink and wash";
    const onDisk = JSON.stringify(edited, null, 2);

    const newDraft = prideDraft();
    newDraft.characters = [
      character("Fitzwilliam Darcy", 999, "male", "young"), // alias of Mr. Darcy
      character("THE MR-BENNET", 1, "male"), // the id, spelt differently
      character("Lizzy", 5, "female"), // an alias
      character("George Wickham", 150, "male", "young"),
    ];
    newDraft.style = { visual: "photorealistic", palette: "neon" };
    newDraft.locations = [
      { name: "longbourn", description: "changed", interior: false },
      { name: "Pemberley", description: "Darcy's estate.", interior: null },
    ];
    const rebuilt = buildBible(newDraft, book(), JSON.parse(onDisk) as Bible);

    const { characters, locations, ...rest } = rebuilt;
    const {
      characters: oldCharacters,
      locations: oldLocations,
      ...oldRest
    } = JSON.parse(onDisk) as Bible;
    expect(rest).toEqual(oldRest);
    expect(JSON.stringify(characters.slice(0, oldCharacters.length), null, 2)).toBe(
      JSON.stringify(oldCharacters, null, 2),
    );
    expect(characters.slice(oldCharacters.length).map((person) => person.id)).toEqual([
      "george-wickham",
    ]);
    expect(JSON.stringify(locations.slice(0, oldLocations.length))).toBe(
      JSON.stringify(oldLocations),
    );
    expect(locations.slice(oldLocations.length).map((location) => location.id)).toEqual([
      "pemberley",
    ]);
    // The newcomer's look uses the user's style, not the draft's.
    expect(characters.at(-1)!.look.prompt).toContain("ink and wash");

    const voiced = assignVoices(rebuilt, "local", listVoices());
    expect(voiced.characters.find((person) => person.id === "mr-darcy")!.voices.local).toEqual({
      voiceId: "en+grandpa",
      name: "my pick",
    });
    expect(
      voiced.characters.find((person) => person.id === "george-wickham")!.voices.local,
    ).toBeDefined();
  });

  it("extendBible returns the same bible when nothing is new", () => {
    const bible = buildBible(prideDraft(), book(), null);
    expect(extendBible(bible, [character("Jane", 1, "female")])).toBe(bible);
    const extended = extendBible(bible, [character("Mary Bennet", 30, "female", "young")]);
    expect(extended.characters.at(-1)!.id).toBe("mary-bennet");
    expect(extended.characters.slice(0, -1)).toEqual(bible.characters);
  });
});

describe("findCharacter", () => {
  it("finds a character by id, name or alias, whatever the spelling", () => {
    const bible = buildBible(prideDraft(), book(), null);
    expect(findCharacter(bible.characters, "lizzy")?.id).toBe("elizabeth-bennet");
    expect(findCharacter(bible.characters, "mr-darcy")?.id).toBe("mr-darcy");
    expect(findCharacter(bible.characters, "LADY CATHERINE!")?.id).toBe("lady-catherine-de-bourgh");
    expect(findCharacter(bible.characters, "Wickham")).toBeUndefined();
  });
});
