import { describe, expect, it } from "vitest";
import { normalizeAge, normalizeGender, normalizeVoice } from "./voice-labels.js";

describe("voice label normalisation", () => {
  it.each([
    ["middle aged", "middle-aged"],
    ["middle_aged", "middle-aged"],
    ["Middle-Aged", "middle-aged"],
    [" Young ", "young"],
    ["OLD", "old"],
    ["child", "child"],
    ["ancient-ish", undefined],
    [undefined, undefined],
  ])("age %j → %j", (label, expected) => {
    expect(normalizeAge(label)).toBe(expected);
  });

  it.each([
    ["female", "female"],
    ["Male", "male"],
    ["non-binary", "neutral"],
    ["non_binary", "neutral"],
    ["neutral", "neutral"],
    ["robot", undefined],
  ])("gender %j → %j", (label, expected) => {
    expect(normalizeGender(label)).toBe(expected);
  });

  it("reads labels in any key case and omits what is unknown", () => {
    expect(
      normalizeVoice({
        voiceId: "v1",
        name: " Adam ",
        labels: { Gender: "Male", AGE: "middle_aged", Accent: "American", descriptive: "deep" },
      }),
    ).toEqual({
      voiceId: "v1",
      name: "Adam",
      gender: "male",
      age: "middle-aged",
      accent: "american",
      description: "deep",
    });
    expect(normalizeVoice({ voiceId: "v2" })).toEqual({ voiceId: "v2", name: "v2" });
  });

  it("takes the language from the label, else from the verified languages", () => {
    expect(normalizeVoice({ voiceId: "a", labels: { language: "fr-FR" } }).language).toBe("fr");
    expect(
      normalizeVoice({ voiceId: "b", verifiedLanguages: [{ language: "de" }, { language: "en" }] })
        .language,
    ).toBe("de");
  });

  it("prefers the voice's own description to the label", () => {
    const voice = normalizeVoice({
      voiceId: "c",
      description: "Calm narrator",
      labels: { description: "calm" },
    });
    expect(voice.description).toBe("Calm narrator");
  });
});
