/**
 * A separate process for the budget test: reserves, "calls" (a short random wait) and
 * settles against a shared store until the budget refuses it. Prints what it settled.
 * Usage: node --import tsx budget-worker.ts <home> <scope> <seed> <barrierFolder>
 * A barrier, not a clock: each worker writes `ready-<seed>` once its store is open and waits
 * for `go`, so all of them contend however slowly a loaded machine starts them.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { release, reserve, settle } from "../../../src/ledger/budget.js";
import { isBudgetExceeded } from "../../../src/ledger/budget-error.js";
import { openStore } from "../../../src/store/db.js";
import { seededRandom } from "./temp-store.js";

const [home, scope, seedText, barrier] = process.argv.slice(2);
const random = seededRandom(Number(seedText));
const db = await openStore(home!);
writeFileSync(join(barrier!, `ready-${seedText}`), "");
while (!existsSync(join(barrier!, "go"))) await new Promise((resolve) => setTimeout(resolve, 5));
let settledUsd = 0;
let calls = 0;
for (;;) {
  const estimate = 0.001 + random() * 0.01;
  let reservation: ReturnType<typeof reserve>;
  try {
    reservation = reserve(db, scope!, estimate);
  } catch (error) {
    if (isBudgetExceeded(error)) break;
    throw error;
  }
  await new Promise((resolve) => setTimeout(resolve, random() * 3));
  if (random() < 0.2) {
    release(db, reservation);
  } else {
    const actual = estimate * random();
    settle(db, reservation, actual);
    settledUsd += actual;
    calls++;
  }
}
db.close();
process.stdout.write(JSON.stringify({ settledUsd, calls }));
