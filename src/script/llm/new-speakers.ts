import { characterKeys, identityKey } from "../bible/identity.js";
import type { Bible } from "../schema.js";
import type { CharacterDraft } from "../writer.js";
import type { ScreenplayDraft } from "./draft-schemas.js";

export type NewCharacterDraft = NonNullable<ScreenplayDraft["newCharacters"]>[number];
export type ProvisionalCharacter = CharacterDraft & { id: string };

/**
 * The speakers a chapter introduces (`new:k` in a section's reply) become provisional ids
 * `new-1`, `new-2`, … unique within the chapter: the same name in two sections is one
 * person, and a name the bible already knows (the model did not see it in its cast list)
 * maps to the bible's id instead. The caller turns provisional ids into bible ids.
 */
export class NewSpeakers {
  private readonly bibleIds = new Map<string, string>();
  private readonly taken: Set<string>;
  private readonly byKey = new Map<string, ProvisionalCharacter>();
  private readonly used = new Set<string>();

  constructor(
    bible: Bible,
    private readonly chapter: number,
  ) {
    for (const character of bible.characters)
      for (const key of characterKeys(character))
        if (!this.bibleIds.has(key)) this.bibleIds.set(key, character.id);
    this.taken = new Set(bible.characters.map((character) => character.id));
  }

  /** Maps one section's `new:k` references to ids; other ids pass through. */
  resolver(drafts: readonly NewCharacterDraft[] | null): (id: string) => string {
    const ids = (drafts ?? []).map((draft) => this.idFor(draft));
    return (id) => {
      const match = /^new:(\d+)$/.exec(id);
      if (!match) return id;
      const resolved = ids[Number(match[1]) - 1] ?? id;
      this.used.add(resolved);
      return resolved;
    };
  }

  /** The provisional characters some line or shot actually refers to, in order of creation. */
  introduced(): ProvisionalCharacter[] {
    return [...this.byKey.values()].filter((character) => this.used.has(character.id));
  }

  private idFor(draft: NewCharacterDraft): string {
    const key = identityKey(draft.name);
    const known = this.bibleIds.get(key);
    if (known) return known;
    const existing = this.byKey.get(key);
    if (existing) return existing.id;
    let number = this.byKey.size + 1;
    while (this.taken.has(`new-${number}`)) number += 1;
    const id = `new-${number}`;
    this.taken.add(id);
    this.byKey.set(key, {
      id,
      name: draft.name.trim(),
      aliases: [],
      role: "minor",
      description: draft.description.trim(),
      personality: "",
      gender: draft.gender,
      age: draft.age,
      mentions: 0,
      firstChapter: this.chapter,
    });
    return id;
  }
}
