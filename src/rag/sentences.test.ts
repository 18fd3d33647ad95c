import { describe, expect, it } from "vitest";
import { splitSentences } from "./sentences.js";

function sentencesOf(text: string): string[] {
  return splitSentences(text).map((sentence) => text.slice(sentence.start, sentence.end));
}

describe("splitSentences", () => {
  it("keeps titles and initials inside the sentence", () => {
    expect(
      sentencesOf("Mr. Darcy met Mrs. Bennet and Dr. Jones. H. G. Wells wrote it. St. Petersburg."),
    ).toEqual([
      "Mr. Darcy met Mrs. Bennet and Dr. Jones.",
      "H. G. Wells wrote it.",
      "St. Petersburg.",
    ]);
  });

  it("keeps closing quotes with their full stop and joins dialogue tags", () => {
    expect(sentencesOf("“You are off?” said Anna. “Yes.” He left! ‘Go.’ She went.")).toEqual([
      "“You are off?” said Anna.",
      "“Yes.”",
      "He left!",
      "‘Go.’",
      "She went.",
    ]);
    expect(sentencesOf('He said "stop." Then he ran.')).toEqual([
      'He said "stop."',
      "Then he ran.",
    ]);
  });

  it("treats ellipses as ends only before a capital", () => {
    expect(sentencesOf("Well… then he went. I wait... Pierre came.")).toEqual([
      "Well… then he went.",
      "I wait...",
      "Pierre came.",
    ]);
  });

  it("does not break inside numbers or addresses", () => {
    expect(sentencesOf("Pi is 3.14 or so. See www.gutenberg.org today.")).toEqual([
      "Pi is 3.14 or so.",
      "See www.gutenberg.org today.",
    ]);
  });

  it("ends CJK sentences without spaces", () => {
    expect(sentencesOf("吾輩は猫である。名前はまだ無い！どこで生れたか？")).toEqual([
      "吾輩は猫である。",
      "名前はまだ無い！",
      "どこで生れたか？",
    ]);
    expect(sentencesOf("「行こう。」と言った。")).toEqual(["「行こう。」", "と言った。"]);
  });

  it("marks paragraph ends and treats line breaks as ends", () => {
    const text = "One. Two\n\nThree\nFour.  \n\n";
    const sentences = splitSentences(text);
    expect(sentences.map((sentence) => text.slice(sentence.start, sentence.end))).toEqual([
      "One.",
      "Two",
      "Three",
      "Four.",
    ]);
    expect(sentences.map((sentence) => sentence.paragraphEnd)).toEqual([false, true, false, true]);
  });

  it("gives nothing for blank text", () => {
    expect(splitSentences("")).toEqual([]);
    expect(splitSentences(" \n\n \t")).toEqual([]);
  });
});
