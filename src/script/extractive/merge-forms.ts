import { type FormCount, formKey } from "./form-counts.js";
import { TITLES, titleGender } from "./lexicon.js";

/**
 * One person per character: forms are merged only when they clearly name the same person —
 * the same form with or without a full stop or article, a shorter form that is the start of
 * exactly one longer one ("Lady Catherine" → "Lady Catherine de Bourgh"), and a lone word that
 * belongs to one name only or to one that dominates the others ("Darcy" → "Mr. Darcy"). A
 * surname shared by people of about equal weight ("Bennet") names a family, not a person, and
 * is dropped. Different titles never merge: "Mr. Bennet" is not "Mrs. Bennet".
 */

export interface FormGroup {
  forms: FormCount[];
  count: number;
}

const TITLE_SET = new Set(TITLES.map((title) => title.toLowerCase()));

function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function tokens(key: string): string[] {
  return key.split(" ").filter((token) => token !== "");
}

function nameTokens(key: string): string[] {
  const list = tokens(key);
  return TITLE_SET.has(list[0] ?? "") ? list.slice(1) : list;
}

/** Gender the text shows for one form (pronouns near it), for merges that must agree on it. */
export type GenderHint = (form: FormCount) => "female" | "male" | "unknown";

export function mergeForms(
  counts: ReadonlyMap<string, FormCount>,
  genderHint: GenderHint = () => "unknown",
): FormGroup[] {
  const keys = [...counts.keys()].sort(
    (left, right) =>
      (counts.get(right)?.count ?? 0) - (counts.get(left)?.count ?? 0) || left.localeCompare(right),
  );
  const parent = new Map<string, string>(keys.map((key) => [key, key]));
  const root = (key: string): string => {
    let current = key;
    while (parent.get(current) !== current) current = parent.get(current)!;
    return current;
  };
  const dropped = new Set<string>();

  for (const key of keys) {
    const own = tokens(key);
    if (own.length < 2) continue;
    const longer = keys.filter((other) => {
      const list = tokens(other);
      return list.length > own.length && own.every((token, position) => list[position] === token);
    });
    if (longer.length === 1) parent.set(root(key), root(longer[0]!));
  }

  // "Mr. Holmes" is "Sherlock Holmes" when the book has one full name with that surname and
  // titles of one gender with it ("Mr. Darcy" and "Miss Darcy" are two people: no merge).
  for (const key of keys) {
    const own = tokens(key);
    if (own.length !== 2 || !TITLE_SET.has(own[0]!)) continue;
    const surname = own[1]!;
    const titled = keys.filter((other) => {
      const list = tokens(other);
      return list.length === 2 && TITLE_SET.has(list[0]!) && list[1] === surname;
    });
    const fullNames = keys.filter((other) => {
      const list = tokens(other);
      return list.length === 2 && !TITLE_SET.has(list[0]!) && list[1] === surname;
    });
    const genders = new Set(titled.map((other) => titleGender(capitalised(tokens(other)[0]!))));
    const oneGender = genders.size === 1 && !genders.has("unknown");
    // …and when the full name's own pronouns show the same gender ("Sonia Marmeladov" is not
    // "Mr. Marmeladov").
    const full = fullNames.length === 1 ? counts.get(fullNames[0]!) : undefined;
    if (oneGender && full && genders.has(genderHint(full)))
      parent.set(root(key), root(fullNames[0]!));
  }

  const groupCount = (rootKey: string): number =>
    keys
      .filter((key) => root(key) === rootKey)
      .reduce((sum, key) => sum + (counts.get(key)?.count ?? 0), 0);

  for (const key of keys) {
    const own = tokens(key);
    if (own.length !== 1 || TITLE_SET.has(own[0]!)) continue;
    const containers = new Set<string>();
    for (const other of keys) {
      if (other === key || tokens(other).length < 2) continue;
      if (nameTokens(other).includes(own[0]!)) containers.add(root(other));
    }
    if (containers.size === 0) continue;
    const ranked = [...containers]
      .map((rootKey) => ({ rootKey, count: groupCount(rootKey) }))
      .sort((left, right) => right.count - left.count || left.rootKey.localeCompare(right.rootKey));
    const [first, second] = ranked;
    if (!first) continue;
    // Among several, the dominant name wins only if it is the word itself with a title ("Mr.
    // Darcy" for "Darcy"), not a full name that happens to share it ("Elizabeth Bennet").
    const titledSelf = keys.some(
      (other) =>
        root(other) === first.rootKey &&
        tokens(other).length === 2 &&
        TITLE_SET.has(tokens(other)[0]!) &&
        tokens(other)[1] === own[0],
    );
    if (!second || (titledSelf && first.count >= 3 * second.count)) {
      parent.set(root(key), first.rootKey);
    }
    // Ambiguous: a word used more on its own than inside the names ("Sonia") is a person of its
    // own; one mostly seen inside them ("Bennet") names the family.
    else if ((counts.get(key)?.count ?? 0) < ranked.reduce((sum, entry) => sum + entry.count, 0)) {
      dropped.add(key);
    }
  }

  const groups = new Map<string, FormGroup>();
  for (const key of keys) {
    if (dropped.has(key)) continue;
    const form = counts.get(key);
    if (!form) continue;
    const rootKey = root(key);
    const group = groups.get(rootKey) ?? { forms: [], count: 0 };
    group.forms.push(form);
    group.count += form.count;
    groups.set(rootKey, group);
  }
  return [...groups.values()];
}

export { formKey };
