import { describe, expect, it } from "vitest";
import { listVoices, resolveVoice } from "./espeak-voices.js";

describe("eSpeak voice catalogue", () => {
  it("lists at least six distinguishable voices per language, with gender and age", () => {
    const voices = listVoices();
    for (const language of ["en", "es", "fr", "de", "ru", "ja", "zh", "pt", "it"]) {
      const own = voices.filter((voice) => voice.language === language);
      expect(own.length, language).toBeGreaterThanOrEqual(6);
      expect(new Set(own.map((voice) => voice.voiceId)).size).toBe(own.length);
      expect(own.every((voice) => voice.gender && voice.age)).toBe(true);
    }
    const english = voices.filter((voice) => voice.language === "en").map((voice) => voice.voiceId);
    expect(english).toEqual(expect.arrayContaining(["en+m1", "en+f2", "en-us+m3", "en-us+f4"]));
  });

  it("follows the book's language but keeps the voice's variant", () => {
    expect(resolveVoice("en+f2", "es").espeakVoice).toBe("es+f2");
    expect(resolveVoice("en-us+m3", "de").espeakVoice).toBe("de+m3");
    expect(resolveVoice("en+m1", "zh").espeakVoice).toBe("cmn+m1");
    expect(resolveVoice("en+m1", "pt-BR").espeakVoice).toBe("pt-br+m1");
  });

  it("keeps the voice's accent when the language already matches", () => {
    expect(resolveVoice("en-us+m3", "en").espeakVoice).toBe("en-us+m3");
    expect(resolveVoice("en+f4", "en").espeakVoice).toBe("en+f4");
    expect(resolveVoice("es+m2").espeakVoice).toBe("es+m2");
    expect(resolveVoice("en-gb+f4", "en").espeakVoice).toBe("en+f4");
    expect(resolveVoice("en-GB+f4").espeakVoice).toBe("en+f4");
  });

  it("speaks English with a warning when eSpeak lacks the language", () => {
    const resolved = resolveVoice("fr+f2", "tlh");
    expect(resolved.espeakVoice).toBe("en+f2");
    expect(resolved.warnings[0]).toMatchObject({
      type: "unsupported-setting",
      setting: "languageCode",
    });
  });

  it("maps a foreign voice id (after a fallback) to one stable variant", () => {
    const first = resolveVoice("21m00Tcm4TlvzAhT2Nhs", "en");
    expect(first.espeakVoice).toBe(resolveVoice("21m00Tcm4TlvzAhT2Nhs", "en").espeakVoice);
    expect(first.espeakVoice).toMatch(/^en\+/);
    expect(first.warnings).toHaveLength(1);
    const ids = ["a", "b", "c", "d", "e", "f", "g", "h"].map((id) => resolveVoice(id).espeakVoice);
    expect(new Set(ids).size).toBeGreaterThan(2);
  });
});
