// Wall and CPU time of a piece of render work. The bench machine is shared (2 cores, other
// test runs): wall time swings 2× with the load, so every run also records the CPU its ffmpeg
// children used (reaped children's user + system time, /proc/self/stat) plus this process's
// own CPU (litink's JavaScript in (b)) — a measure of work the neighbours barely move.

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout) || 100;

/** CPU ms of every child this process has waited for (Linux; 0 elsewhere). */
function childrenCpuMs() {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    // Fields after "pid (comm) ": state is field 3, cutime 16 and cstime 17.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS;
  } catch {
    return 0;
  }
}

/** Runs `work` and adds `{ ms, cpuMs }` (wall; CPU of children + this process) to its result. */
export async function measured(work) {
  const children = childrenCpuMs();
  const own = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  const ownUsed = process.cpuUsage(own);
  const cpuMs = childrenCpuMs() - children + (ownUsed.user + ownUsed.system) / 1000;
  return { ...result, ms, cpuMs };
}

export const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];

const column = (value, width) => String(value).padStart(width);

/** The printed table: one row per render, ratios against the first (the hand command). */
export function printTable(rows) {
  const [base] = rows;
  console.log(
    `${"render".padEnd(44)} ${column("fps", 3)} ${column("preset", 9)} ${column("×", 2)} ${column("frames", 6)} ${column("video s", 7)} ${column("wall s", 7)} ${column("speed", 6)} ${column("÷ (a)", 6)} ${column("CPU s", 6)} ${column("÷ (a)", 6)} ${column("LUFS", 6)} ${column("dBTP", 5)} ${column("MB", 5)}`,
  );
  for (const row of rows)
    console.log(
      `${row.name.padEnd(44)} ${column(row.fps, 3)} ${column(row.preset, 9)} ${column(row.scale, 2)} ${column(row.frames, 6)} ${column(row.videoSeconds.toFixed(2), 7)} ${column((row.wallMs / 1000).toFixed(2), 7)} ${column(`${row.speed.toFixed(2)}×`, 6)} ${column((row.wallMs / base.wallMs).toFixed(2), 6)} ${column((row.cpuMs / 1000).toFixed(1), 6)} ${column((row.cpuMs / base.cpuMs).toFixed(2), 6)} ${column(row.integratedLufs.toFixed(1), 6)} ${column((row.truePeakDbtp ?? Number.NaN).toFixed(1), 5)} ${column(row.megabytes.toFixed(1), 5)}`,
    );
}
