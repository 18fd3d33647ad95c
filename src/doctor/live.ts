import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseModelRef } from "../config/defaults.js";
import type { LitinkConfig, Tier } from "../config/schema.js";
import { modalities } from "../config/schema.js";
import { isProviderError } from "../providers/provider-error.js";
import type { AnyModel, Modality, ModelsByModality } from "../providers/spec/index.js";
import type { Db } from "../store/db.js";
import type { Check } from "./checks.js";

export interface LiveOptions {
  tier: Tier;
  config: LitinkConfig;
  env: NodeJS.ProcessEnv;
  db: Db;
  ffmpegPath?: string;
  timeoutMs?: number;
}

/**
 * `doctor --live`: one tiny call per configured provider and modality of the tier's chains,
 * metered into the ledger like any other call. A provider without a key is reported as not
 * configured. Video is checked without paying: a poll of a job id that does not exist proves
 * the endpoint and the key (a real image-to-video job costs dollars).
 */
export async function liveChecks(options: LiveOptions): Promise<Check[]> {
  const { chainFor, isUsable, KEY_VARIABLES, pricesFor } = await import("../providers/tiers.js");
  const { createModel } = await import("../providers/registry.js");
  const { withMetering } = await import("../providers/middleware/metering.js");
  const prices = pricesFor(options.config);
  const checks: Check[] = [];
  for (const modality of modalities) {
    const seen = new Set<string>();
    const chain = chainFor(options.tier, modality, options.config);
    if (chain.length > 0 && !chain.some((ref) => isUsable(ref, options.env))) {
      const variables = [
        ...new Set(chain.map((ref) => KEY_VARIABLES[parseModelRef(ref).provider] ?? ref)),
      ];
      checks.push({
        name: `${modality}: chain`,
        ok: false,
        detail: `no usable model in the ${options.tier} tier; set ${variables.join(" or ")}`,
      });
    }
    for (const ref of chain) {
      const { provider } = parseModelRef(ref);
      if (seen.has(provider)) continue;
      seen.add(provider);
      const name = `${modality}: ${ref}`;
      if (!isUsable(ref, options.env)) {
        checks.push({
          name,
          ok: true,
          detail: `not configured (${KEY_VARIABLES[provider] ?? "unknown provider"} not set); skipped`,
        });
        continue;
      }
      const started = performance.now();
      try {
        const model = await createModel(ref, modality, {
          ...options,
          settings: options.config.providers,
        });
        if (!model) throw new Error("not configured");
        const metered = withMetering(model as AnyModel, {
          db: options.db,
          prices,
          tier: options.tier,
          taskId: "doctor --live",
        });
        const detail = await tinyCall(modality, metered as ModelsByModality[typeof modality]);
        // Metering refuses an unpriced paid model before calling it, so a passing check is priced.
        checks.push({
          name,
          ok: true,
          detail,
          latencyMs: Math.round(performance.now() - started),
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        checks.push({
          name,
          ok: false,
          detail: message,
          latencyMs: Math.round(performance.now() - started),
        });
      }
    }
  }
  return checks;
}

async function tinyCall(modality: Modality, model: ModelsByModality[Modality]): Promise<string> {
  switch (modality) {
    case "text": {
      const result = await (model as ModelsByModality["text"]).doGenerate({
        messages: [{ role: "user", content: "Reply with the single word OK." }],
        maxOutputTokens: 5,
        temperature: 0,
      });
      return `answered "${result.text.trim().slice(0, 20)}" (${result.response.modelId})`;
    }
    case "embedding": {
      const result = await (model as ModelsByModality["embedding"]).doEmbed({ values: ["ok"] });
      return `${result.embeddings[0]?.length ?? 0} dimensions`;
    }
    case "image": {
      const started = await (model as ModelsByModality["image"]).doStart({
        prompt: "a small red circle on white",
        width: 256,
        height: 256,
        frame: { heading: "INT. TEST - DAY", description: "A red circle." },
      });
      return started.state === "succeeded"
        ? `${started.outputs.length} image`
        : `job ${started.handle.jobId} accepted`;
    }
    case "video":
      return videoCheck(model as ModelsByModality["video"]);
    case "speech": {
      const speech = model as ModelsByModality["speech"];
      const voices = await speech.doListVoices();
      const voice = voices[0];
      if (!voice) throw new Error("the provider lists no voices");
      const result = await speech.doGenerate({ text: "Hi.", voiceId: voice.voiceId });
      return `${voices.length} voices; spoke ${result.audio.byteLength} bytes with "${voice.name}"`;
    }
  }
}

async function videoCheck(model: ModelsByModality["video"]): Promise<string> {
  if (model.provider !== "local") {
    // Any answer short of a refused key, an outage or a timeout proves endpoint and key:
    // providers answer an unknown job id with 200 "error", 404 or 400.
    const handle = {
      provider: model.provider,
      modelId: model.modelId,
      jobId: "0",
      startedAt: new Date().toISOString(),
    };
    const status = await model.doStatus(handle).catch((error: unknown) => {
      if (isProviderError(error) && error.failure === "bad-request") {
        return { state: "rejected" as const };
      }
      throw error;
    });
    return `endpoint and key accepted (status of a non-existent job: ${status.state}); no job submitted`;
  }
  const folder = mkdtempSync(join(tmpdir(), "litink-doctor-"));
  try {
    const still = join(folder, "still.png");
    writeFileSync(still, await tinyPng());
    const started = await model.doStart({
      prompt: "slow push in",
      initImage: { path: still },
      durationSeconds: 1,
      width: 320,
      height: 180,
    });
    return started.state === "succeeded"
      ? `made a 1 s clip (${started.outputs[0]?.data?.byteLength ?? 0} bytes)`
      : "job accepted";
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function tinyPng(): Promise<Uint8Array> {
  const { createCanvas } = await import("@napi-rs/canvas");
  const canvas = createCanvas(320, 180);
  const context = canvas.getContext("2d");
  context.fillStyle = "#35506b";
  context.fillRect(0, 0, 320, 180);
  context.fillStyle = "#e8c547";
  context.fillRect(120, 50, 80, 80);
  return canvas.toBuffer("image/png");
}
