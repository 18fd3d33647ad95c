import { describe, expect, it } from "vitest";
import { planShots, type ShotLine } from "./shots.js";

const line = (speaker: string, emotion = "neutral", named: string[] = []): ShotLine => ({
  speaker,
  emotion,
  named,
  context: "The table was laid under a tree.",
});
const options = {
  opensChapter: false,
  place: "THE GARDEN",
  nameOf: (id: string) => id.toUpperCase(),
};

describe("shot planning", () => {
  it("opens a chapter with an establishing shot and a later scene with a wide one", () => {
    const lines = [line("narrator"), line("alice")];
    expect(planShots(lines, { ...options, opensChapter: true })[0]?.camera).toBe("ESTABLISHING");
    expect(planShots(lines, options)[0]?.camera).toBe("WIDE");
  });

  it("chooses the camera from how many speak", () => {
    const opening = [line("narrator"), line("narrator")];
    const two = planShots([...opening, line("alice"), line("hatter"), line("alice")], options);
    expect(["TWO-SHOT", "OVER-THE-SHOULDER"]).toContain(two[1]?.camera);
    const one = planShots([...opening, line("alice"), line("narrator")], options);
    expect(one[1]?.camera).toBe("MEDIUM");
    const charged = planShots([...opening, line("alice", "sad")], options);
    expect(charged[1]?.camera).toBe("CLOSE-UP");
    const three = planShots([...opening, line("alice"), line("hatter"), line("hare")], options);
    expect(three[1]?.camera).toBe("WIDE");
  });

  it("puts speakers and named characters in frame and describes from the narration", () => {
    const shots = planShots([line("narrator", "neutral", ["dormouse"]), line("alice")], options);
    expect(shots[0]?.characters).toEqual(["alice", "dormouse"]);
    expect(shots[0]?.description).toBe(
      "The table was laid under a tree. In frame: ALICE, DORMOUSE.",
    );
  });

  it("keeps every shot to a few lines", () => {
    const shots = planShots(
      Array.from({ length: 20 }, () => line("alice")),
      options,
    );
    expect(shots.every((shot) => shot.lines.length >= 1 && shot.lines.length <= 3)).toBe(true);
    expect(shots.flatMap((shot) => shot.lines)).toEqual(
      Array.from({ length: 20 }, (_unused, index) => index),
    );
  });
});
