import { describe, expect, it } from "vitest";
import { screenplayDraftIssues } from "../../../src/script/llm/draft-schemas.js";
import { sectionShares, splitSections } from "../../../src/script/llm/sections.js";
import { loadTemplate, renderTemplate } from "../../../src/script/llm/templates.js";
import { sceneHeading } from "../../../src/script/llm/to-screenplay.js";
import { bible } from "./support.js";

describe("prompt templates", () => {
  it("fills placeholders and splits system from user", () => {
    const template = {
      name: "repair" as const,
      source: "/t.md",
      text: "<!-- system -->\nBe brief.\n<!-- user -->\nFix: {{ errors }}",
    };
    expect(renderTemplate(template, { errors: "x: bad" })).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Fix: x: bad" },
    ]);
    expect(renderTemplate({ ...template, text: "Fix {{errors}}" }, { errors: 3 })).toEqual([
      { role: "user", content: "Fix 3" },
    ]);
  });

  it("names an unknown placeholder and the template", () => {
    const template = {
      name: "repair" as const,
      source: "/custom/repair.md",
      text: "{{errors}} {{oops}}",
    };
    expect(() => renderTemplate(template, { errors: "" })).toThrow(
      /\{\{oops\}\}.*repair template/s,
    );
    expect(() => renderTemplate(template, { errors: "" })).toThrow(/\/custom\/repair\.md/);
  });

  it("ships templates that use only known placeholders", async () => {
    for (const name of ["bible", "screenplay", "repair"] as const) {
      const template = await loadTemplate(name);
      expect(template.text).toContain("{{");
    }
  });
});

describe("sections", () => {
  it("keeps a short chapter whole and cuts a long one at paragraphs", () => {
    expect(splitSections("one two\n\nthree", 10)).toEqual([{ text: "one two\n\nthree", words: 3 }]);
    const paragraphs = Array.from({ length: 30 }, (_, n) => `p${n} ${"w ".repeat(29).trim()}`);
    const sections = splitSections(paragraphs.join("\n\n"), 100);
    expect(sections.length).toBeGreaterThanOrEqual(3);
    for (const section of sections) {
      expect(section.words % 30).toBe(0);
      expect(section.words).toBeLessThanOrEqual(200);
    }
    expect(sections.map((section) => section.text).join("\n\n")).toBe(paragraphs.join("\n\n"));
  });

  it("gives one section the whole target and several their length × the ratio", () => {
    const target = { spokenWords: 300, ratio: 0.5 };
    expect(sectionShares([{ text: "x", words: 700 }], target)).toEqual([300]);
    expect(
      sectionShares(
        [
          { text: "x", words: 400 },
          { text: "y", words: 30 },
        ],
        target,
      ),
    ).toEqual([200, 20]);
  });
});

describe("defence behind the enum", () => {
  it("reports unknown speakers, characters and empty scenes", () => {
    const issues = screenplayDraftIssues(
      {
        scenes: [
          {
            heading: "EXT. A - DAY",
            location: null,
            summary: "",
            mood: "calm",
            shots: [
              {
                description: "x",
                camera: "WIDE",
                characters: ["mr-darcy"],
                lines: [{ speaker: "mr-darcy", text: "Hm.", emotion: "neutral" }],
              },
            ],
          },
          { heading: "EXT. B - DAY", location: null, summary: "", mood: "calm", shots: [] },
        ],
      },
      bible(),
    );
    expect(issues.join("\n")).toMatch(/characters: "mr-darcy"/);
    expect(issues.join("\n")).toMatch(/speaker: "mr-darcy" is not in the story bible/);
    expect(issues.join("\n")).toMatch(/scenes\.1\.shots: at least one shot/);
  });

  it("rebuilds headings that miss the INT./EXT. form from the location", () => {
    expect(sceneHeading({ heading: "EXT. GARDEN - NIGHT", location: null }, bible())).toBe(
      "EXT. GARDEN - NIGHT",
    );
    expect(sceneHeading({ heading: "the tea party", location: "tea-table" }, bible())).toBe(
      "EXT. THE TEA PARTY - DAY",
    );
    expect(sceneHeading({ heading: "", location: "tea-table" }, bible())).toBe(
      "EXT. TEA TABLE - DAY",
    );
  });
});
