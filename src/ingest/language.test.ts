import { describe, expect, it } from "vitest";
import { guessLanguage, languageCode } from "./language.js";

describe("languageCode", () => {
  it("maps language names and codes to ISO 639-1", () => {
    expect(languageCode("English")).toBe("en");
    expect(languageCode("Spanish")).toBe("es");
    expect(languageCode("Deutsch")).toBe("de");
    expect(languageCode("English and French")).toBe("en");
    expect(languageCode("pt-BR")).toBe("pt");
    expect(languageCode("Klingon")).toBeNull();
    expect(languageCode(null)).toBeNull();
  });
});

describe("guessLanguage", () => {
  it("recognises a language from its common words", () => {
    const english =
      "It was the best of times and the worst of times, and he said that the house was his. ".repeat(
        5,
      );
    const german =
      "Die Arbeit ist nicht leicht, und der Herr hat sich mit dem Wagen in die Stadt begeben. ".repeat(
        5,
      );
    const spanish =
      "En un lugar de la Mancha, de cuyo nombre no quiero acordarme, que vivía con los perros. ".repeat(
        5,
      );
    expect(guessLanguage(english)).toBe("en");
    expect(guessLanguage(german)).toBe("de");
    expect(guessLanguage(spanish)).toBe("es");
    const russian = "Он сказал, что она не придёт, но его брат и сестра были на вокзале. ".repeat(
      5,
    );
    expect(guessLanguage(russian)).toBe("ru");
  });

  it("does not guess from too little text", () => {
    expect(guessLanguage("Hello there.")).toBeNull();
  });
});
