/**
 * A separate process for the shared-breaker test: calls an always-failing model through the
 * resilience layer until told to stop, and prints how many requests reached the model.
 * Usage: node --import tsx breaker-worker.ts <home> <startAtMs> <calls>
 */
import { resolveSettings } from "../../../src/providers/middleware/policy.js";
import { withResilience } from "../../../src/providers/middleware/resilient-model.js";
import { openStore } from "../../../src/store/db.js";
import { CallLog, fakeText } from "./fake-models.js";

const [home, startAtText, callsText] = process.argv.slice(2);
const db = await openStore(home!);
const log = new CallLog();
const fake = fakeText("alpha:shared", log);
fake.control.failAlways({ failure: "server", status: 500 });
fake.control.latencyMs = 2;
const model = withResilience(fake, {
  db,
  settings: resolveSettings({
    retry: { maxAttempts: 1 },
    breaker: { threshold: 5, halfOpenAfterMs: 600_000 },
  }),
});
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAtText) - Date.now())));
for (let call = 0; call < Number(callsText); call++) {
  await model.doGenerate({ messages: [{ role: "user", content: "hi" }] }).catch(() => undefined);
}
db.close();
process.stdout.write(JSON.stringify({ requests: log.count() }));
