import { describe, expect, it } from "vitest";
import { listVoices } from "../../../src/providers/local/espeak-voices.js";
import type { Voice } from "../../../src/providers/spec/index.js";
import { assignVoices, buildBible, extendBible } from "../../../src/script/bible/index.js";
import type { Bible } from "../../../src/script/schema.js";
import { book, character, elevenLabsVoices, prideDraft, shuffled } from "./fixtures.js";

const catalogues: Array<[string, () => Voice[]]> = [
  ["local", listVoices],
  ["elevenlabs", elevenLabsVoices],
];

function castOf(bible: Bible, provider: string): Record<string, string | undefined> {
  const cast: Record<string, string | undefined> = {
    narrator: bible.narrator.voices[provider]?.voiceId,
  };
  for (const person of bible.characters) cast[person.id] = person.voices[provider]?.voiceId;
  return cast;
}

function freshBible(): Bible {
  return buildBible(prideDraft(), book(), null);
}

describe.each(catalogues)("assignVoices with the %s catalogue", (provider, voices) => {
  it("gives the narrator and the six most frequent speakers distinct voices", () => {
    const bible = assignVoices(freshBible(), provider, voices());
    const topSix = [...bible.characters].sort((a, b) => b.mentions - a.mentions).slice(0, 6);
    const chosen = [
      bible.narrator.voices[provider]?.voiceId,
      ...topSix.map((c) => c.voices[provider]?.voiceId),
    ];
    expect(chosen.every((voiceId) => typeof voiceId === "string")).toBe(true);
    expect(new Set(chosen).size).toBe(7);
    // Every character got a voice, even past the distinct ones.
    expect(bible.characters.every((person) => person.voices[provider])).toBe(true);
  });

  it("matches gender, and the book's language when voices carry one", () => {
    const catalogue = voices();
    const byId = new Map(catalogue.map((voice) => [voice.voiceId, voice]));
    const bible = assignVoices(freshBible(), provider, catalogue);
    for (const person of bible.characters) {
      const voice = byId.get(person.voices[provider]!.voiceId)!;
      if (person.gender !== "unknown") expect(voice.gender, person.id).toBe(person.gender);
      if (voice.language) expect(voice.language, person.id).toBe("en");
    }
  });

  it("gives the same book the same assignments twice", () => {
    const first = assignVoices(freshBible(), provider, voices());
    const second = assignVoices(freshBible(), provider, voices());
    expect(castOf(second, provider)).toEqual(castOf(first, provider));
  });

  it("does not depend on the order of the provider's voice list", () => {
    const reference = castOf(assignVoices(freshBible(), provider, voices()), provider);
    const reversed = castOf(
      assignVoices(freshBible(), provider, [...voices()].reverse()),
      provider,
    );
    const mixed = castOf(
      assignVoices(freshBible(), provider, shuffled(voices(), 20261127)),
      provider,
    );
    expect(reversed).toEqual(reference);
    expect(mixed).toEqual(reference);
  });

  it("changes no existing assignment when a character is added, in any list order", () => {
    const before = assignVoices(freshBible(), provider, voices());
    const extended = extendBible(before, [character("Charlotte Lucas", 900, "female", "young")]);
    const after = assignVoices(extended, provider, shuffled(voices(), 7));
    const cast = castOf(after, provider);
    for (const [id, voiceId] of Object.entries(castOf(before, provider))) {
      expect(cast[id], id).toBe(voiceId);
    }
    expect(cast["charlotte-lucas"]).toBeTypeOf("string");
    // The newcomer's voice is the same whatever the list order.
    const again = assignVoices(extended, provider, [...voices()].reverse());
    expect(castOf(again, provider)["charlotte-lucas"]).toBe(cast["charlotte-lucas"]);
  });

  it("never changes a user's hand-picked voice and still avoids reusing it", () => {
    const catalogue = voices();
    const picked = catalogue.find((voice) => voice.gender === "female")!;
    const bible = freshBible();
    const edited: Bible = {
      ...bible,
      characters: bible.characters.map((person) =>
        person.id === "jane-bennet"
          ? { ...person, voices: { [provider]: { voiceId: picked.voiceId, name: "mine" } } }
          : person,
      ),
    };
    const cast = assignVoices(edited, provider, catalogue);
    const jane = cast.characters.find((person) => person.id === "jane-bennet")!;
    expect(jane.voices[provider]).toEqual({ voiceId: picked.voiceId, name: "mine" });
    const elizabeth = cast.characters.find((person) => person.id === "elizabeth-bennet")!;
    expect(elizabeth.voices[provider]?.voiceId).not.toBe(picked.voiceId);
  });
});

describe("assignVoices edge cases", () => {
  it("prefers a voice whose description suggests narration for the narrator", () => {
    const bible = assignVoices(freshBible(), "elevenlabs", elevenLabsVoices());
    expect(bible.narrator.voices.elevenlabs?.voiceId).toBe("v-rachel");
    const local = assignVoices(freshBible(), "local", listVoices());
    expect(local.narrator.voices.local?.voiceId).toMatch(/\+m1$/);
  });

  it("reuses voices deterministically once the list is exhausted", () => {
    const two: Voice[] = [
      { voiceId: "a", name: "A", gender: "female" },
      { voiceId: "b", name: "B", gender: "male" },
    ];
    const first = castOf(assignVoices(freshBible(), "tiny", two), "tiny");
    const second = castOf(assignVoices(freshBible(), "tiny", [...two].reverse()), "tiny");
    expect(second).toEqual(first);
    expect(Object.values(first).every((voiceId) => voiceId === "a" || voiceId === "b")).toBe(true);
  });

  it("keeps other providers' assignments and leaves the bible alone without voices", () => {
    const local = assignVoices(freshBible(), "local", listVoices());
    const both = assignVoices(local, "elevenlabs", elevenLabsVoices());
    expect(castOf(both, "local")).toEqual(castOf(local, "local"));
    expect(assignVoices(local, "elevenlabs", [])).toBe(local);
  });

  it("picks French voices for a French book when the list has them", () => {
    const bible = buildBible(prideDraft(), book({ language: "fr" }), null);
    const cast = assignVoices(bible, "local", listVoices());
    for (const person of cast.characters) expect(person.voices.local?.voiceId).toMatch(/^fr\+/);
  });
});

describe("assignVoices keeps one accent", () => {
  it("casts eSpeak English in the narrator's accent while fitting variants last", () => {
    const voices = listVoices();
    const bible = assignVoices(freshBible(), "local", voices);
    const narrator = bible.narrator.voices.local!.voiceId;
    const prefix = narrator.slice(0, narrator.indexOf("+") + 1);
    const top = [...bible.characters].sort((a, b) => b.mentions - a.mentions).slice(0, 6);
    for (const person of top) {
      const voiceId = person.voices.local!.voiceId;
      const voice = voices.find((candidate) => candidate.voiceId === voiceId)!;
      // An adult never speaks with an elderly variant while a fitting one exists.
      if (person.age === "adult" || person.age === "young")
        expect(voice.age, person.id).not.toBe("old");
      if (voiceId.startsWith(prefix) || person.age === "old" || person.age === "child") continue;
      // Another accent only once the narrator's accent has no unused fitting variant left.
      const sameAccentFitting = voices.filter(
        (candidate) =>
          candidate.voiceId.startsWith(prefix) &&
          candidate.gender === person.gender &&
          candidate.age !== "old" &&
          candidate.voiceId !== narrator,
      );
      const taken = new Set(top.map((other) => other.voices.local!.voiceId));
      expect(
        sameAccentFitting.every((candidate) => taken.has(candidate.voiceId)),
        person.id,
      ).toBe(true);
    }
  });
});

describe("assignVoices: distinct main cast, fitting ages below it", () => {
  it("tells the narrator and the six main characters apart by voice family, not just id", () => {
    const voices = listVoices();
    const family = new Map(voices.map((voice) => [voice.voiceId, voice.family]));
    const bible = assignVoices(freshBible(), "local", voices);
    const top = [...bible.characters].sort((a, b) => b.mentions - a.mentions).slice(0, 6);
    const families = [bible.narrator, ...top].map((holder) =>
      family.get(holder.voices.local!.voiceId),
    );
    expect(new Set(families).size).toBe(7);
  });

  it("gives a minor adult man a fitting shared voice rather than the unused elderly one", () => {
    const voices = listVoices();
    const draft = prideDraft();
    draft.characters = [
      character("Elizabeth", 900, "female", "young"),
      character("Jane", 800, "female", "young"),
      character("Mrs. Gardiner", 700, "female", "adult"),
      character("Mr. Darcy", 600, "male", "adult"),
      character("Mr. Bingley", 500, "male", "adult"),
      character("Charlotte", 400, "female", "adult"),
      character("Mr. Collins", 100, "male", "adult"),
    ];
    const bible = assignVoices(buildBible(draft, book(), null), "local", voices);
    const byId = new Map(voices.map((voice) => [voice.voiceId, voice]));
    const collins = bible.characters.find((person) => person.name === "Mr. Collins")!;
    const voice = byId.get(collins.voices.local!.voiceId)!;
    expect(voice.gender).toBe("male");
    expect(voice.age).not.toBe("old");
  });
});
