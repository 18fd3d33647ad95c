import { describe, expect, it } from "vitest";
import type { LitinkEvent } from "../../events/bus.js";
import { ProgressState } from "./progress-state.js";

function event(type: string, fields: Record<string, unknown> = {}): LitinkEvent {
  return { type, ts: "", ...fields };
}

/** A state on a clock the test moves. */
function stateAt() {
  const clock = { ms: 0 };
  const state = new ProgressState(() => clock.ms);
  state.onEvent(event("run-start", { book: "alice.md", runId: "r-1", budgetUsd: 2 }));
  return { state, clock };
}

function runTask(state: ProgressState, task: string, status = "done") {
  const where = { task, kind: "image", stage: "media", chapter: 1 };
  state.onEvent(event("task-start", where));
  state.onEvent(event("task-end", { ...where, status }));
}

describe("ProgressState", () => {
  it("takes each group's total from plan-update, not from the tasks started so far", () => {
    const { state } = stateAt();
    state.onEvent(
      event("plan-update", {
        tasks: 13,
        remainingSeconds: 40,
        groups: [
          { chapter: null, stage: "bible", tasks: 1 },
          { chapter: 1, stage: "media", tasks: 12 },
        ],
      }),
    );
    runTask(state, "image:ch01-sc01-sh01");
    expect(state.groups.get("chapter 1 · media")).toMatchObject({ known: 12, finished: 1 });
    expect(state.totals()).toEqual({ known: 13, finished: 1, cached: 0 });
    // An expansion lists only the groups it changed; the others keep their totals.
    state.onEvent(
      event("plan-update", {
        tasks: 20,
        remainingSeconds: 60,
        groups: [{ chapter: 2, stage: "media", tasks: 7 }],
      }),
    );
    expect(state.groups.get("chapter 1 · media")?.known).toBe(12);
    expect(state.groups.get("chapter 2 · media")?.known).toBe(7);
    expect(state.totals().known).toBe(20);
  });

  it("hides the ETA until 10 tasks finished, then blends the estimate with the pace", () => {
    const { state, clock } = stateAt();
    state.onEvent(
      event("plan-update", {
        tasks: 100,
        remainingSeconds: 200,
        groups: [{ chapter: 1, stage: "media", tasks: 100 }],
      }),
    );
    for (let index = 0; index < 9; index++) {
      clock.ms += 1000;
      runTask(state, `image:ch01-${index}`);
    }
    expect(state.etaSeconds()).toBeNull();
    expect(state.costLine()).toBe("$0.00 / $2.00");
    clock.ms += 1000;
    runTask(state, "image:ch01-9");
    // 90 of 100 left → 180 s planned; between the first and the tenth finish 9 s went by for
    // 18 estimated seconds, a pace of 0.5, trusted for 10 of 40: 180 × (0.25 × 0.5 + 0.75).
    expect(state.etaSeconds()).toBeCloseTo(157.5, 6);
    expect(state.costLine()).toBe("$0.00 / $2.00 · ETA 3 min");
  });

  it("a rerun of cached tasks soon shows seconds, not the minutes of work it planned", () => {
    const { state, clock } = stateAt();
    state.onEvent(
      event("plan-update", {
        tasks: 200,
        remainingSeconds: 600,
        groups: [{ chapter: 1, stage: "media", tasks: 200 }],
      }),
    );
    for (let index = 0; index < 40; index++) {
      clock.ms += 5;
      runTask(state, `image:ch01-${index}`, "cached");
    }
    expect(state.etaSeconds()).toBeLessThan(2);
  });

  it("measures the pace over the last finishes: a slow first stage does not weigh on the rest", () => {
    const { state, clock } = stateAt();
    state.onEvent(
      event("plan-update", {
        tasks: 100,
        remainingSeconds: 100,
        groups: [{ chapter: 1, stage: "media", tasks: 100 }],
      }),
    );
    for (let index = 0; index < 5; index++) {
      clock.ms += 30_000;
      runTask(state, `bible:${index}`);
    }
    for (let index = 0; index < 35; index++) {
      clock.ms += 1000;
      runTask(state, `image:ch01-${index}`);
    }
    // The last 20 finishes went at the estimated pace (1 s each): 60 left ≈ 60 s.
    expect(state.etaSeconds()).toBeCloseTo(60, 6);
  });
});
