import { describe, expect, it } from "vitest";
import { coresInUse, runProcess } from "./run-process.js";

const node = process.execPath;

describe("runProcess", () => {
  it("passes text through stdin without a shell and keeps stderr's tail", async () => {
    const script = "process.stdin.pipe(process.stdout); console.error('x'.repeat(9000) + 'END')";
    const result = await runProcess(node, ["-e", script], { input: "$(rm -rf /) `quoted` 'text'" });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.toString("utf8")).toBe("$(rm -rf /) `quoted` 'text'");
    expect(result.stderrTail.length).toBeLessThanOrEqual(4096);
    expect(result.stderrTail.endsWith("END")).toBe(true);
  });

  it("kills a program that runs past its timeout", async () => {
    const result = await runProcess(node, ["-e", "setTimeout(() => {}, 60000)"], {
      timeoutMs: 200,
    });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeNull();
  });

  it("rejects with an AbortError when the caller aborts", async () => {
    const controller = new AbortController();
    const running = runProcess(node, ["-e", "setTimeout(() => {}, 60000)"], {
      abortSignal: controller.signal,
    });
    setTimeout(() => controller.abort(), 100);
    await expect(running).rejects.toMatchObject({ name: "AbortError" });
  });

  it("rejects when the program does not exist", async () => {
    await expect(runProcess("/no/such/program", [])).rejects.toMatchObject({ code: "ENOENT" });
  });
});

describe("runProcess with cpuBound", () => {
  it("never runs more CPU-bound programs at once than the machine has cores", async () => {
    const { availableParallelism } = await import("node:os");
    const limit = availableParallelism();
    let most = 0;
    const sampler = setInterval(() => {
      most = Math.max(most, coresInUse());
    }, 5);
    const runs = Array.from({ length: limit + 3 }, () =>
      runProcess(process.execPath, ["-e", "setTimeout(() => {}, 150)"], { cpuBound: true }).then(
        () => {
          most = Math.max(most, coresInUse());
        },
      ),
    );
    await Promise.all(runs);
    clearInterval(sampler);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(limit);
    expect(coresInUse()).toBe(0);
  });

  it("a caller that aborts while waiting for a core gets an AbortError and frees nothing", async () => {
    const { availableParallelism } = await import("node:os");
    const holders = Array.from({ length: availableParallelism() }, () =>
      runProcess(process.execPath, ["-e", "setTimeout(() => {}, 300)"], { cpuBound: true }),
    );
    const controller = new AbortController();
    const waiting = runProcess(process.execPath, ["-e", ""], {
      cpuBound: true,
      abortSignal: controller.signal,
    });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
    await Promise.all(holders);
    expect(coresInUse()).toBe(0);
  });
});
