import { describe, expect, it } from "vitest";
import { stripGutenberg } from "./gutenberg.js";

const header = [
  "The Project Gutenberg EBook of Metamorphosis, by Franz Kafka",
  "",
  "Title: Metamorphosis",
  "       and Other Stories",
  "",
  "Author: Franz Kafka",
  "",
  "Language: English",
  "",
];

describe("stripGutenberg", () => {
  it("removes header, footer and licence, and reads the header fields", () => {
    const text = [
      ...header,
      "*** START OF THIS PROJECT GUTENBERG EBOOK METAMORPHOSIS ***",
      "",
      "I",
      "",
      "One morning.",
      "",
      "End of the Project Gutenberg EBook of Metamorphosis",
      "",
      "*** END OF THIS PROJECT GUTENBERG EBOOK METAMORPHOSIS ***",
      "",
      "Licence text.",
    ].join("\n");
    const result = stripGutenberg(text);
    expect(result.body.trim()).toBe("I\n\nOne morning.");
    expect(result).toMatchObject({
      title: "Metamorphosis and Other Stories",
      author: "Franz Kafka",
      language: "English",
    });
  });

  it("knows newer and older marker spellings", () => {
    const newer = stripGutenberg(
      "Title: X\n*** START OF THE PROJECT GUTENBERG EBOOK X ***\nBody.\n*** END OF THE PROJECT GUTENBERG EBOOK X ***\nLicence",
    );
    expect(newer.body.trim()).toBe("Body.");
    const older = stripGutenberg(
      "Small print\n*END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*Ver.04.29.93*END*\nBody.\nEnd of Project Gutenberg's X, by Y\nLicence",
    );
    expect(older.body.trim()).toBe("Body.");
  });

  it("joins a wrapped title as a subtitle unless the first line runs on", () => {
    const subtitle = stripGutenberg(
      "Title: A Christmas Carol\n       A Ghost Story of Christmas\n\n*** START OF THE PROJECT GUTENBERG EBOOK X ***\nBody.",
    );
    expect(subtitle.title).toBe("A Christmas Carol: A Ghost Story of Christmas");
    const runOn = stripGutenberg(
      "Title: Frankenstein;\n       Or, The Modern Prometheus\n\n*** START OF THE PROJECT GUTENBERG EBOOK X ***\nBody.",
    );
    expect(runOn.title).toBe("Frankenstein; Or, The Modern Prometheus");
  });

  it("finds the 1990s small-print marker when it is indented", () => {
    const text =
      "Project Gutenberg's X, by Y\n   This Small Print! by Charles B. Kramer\n   *END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*Ver.04.29.93*END*\nBody.";
    expect(stripGutenberg(text)).toEqual({
      body: "Body.",
      title: "X",
      author: "Y",
      language: null,
    });
  });

  it("leaves a text without markers whole, with no metadata", () => {
    const text = "Title: not a header\n\nJust a book.";
    expect(stripGutenberg(text)).toEqual({ body: text, title: null, author: null, language: null });
  });
});
