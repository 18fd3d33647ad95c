import type { SpeechModel, VoiceSettings } from "../../providers/spec/index.js";
import { checkedSink } from "./artifact-files.js";
import { fallbackVoice } from "./fallback-voice.js";
import type { ExecuteResult, Executor, ExecutorContext } from "./index.js";
import { probeDuration } from "./probe-duration.js";
import { optionalRecord, optionalText, taskKeyOf, text } from "./task-params.js";
import { watchSpend } from "./task-spend.js";

/**
 * One line spoken (params: text, speaker, voiceId|null, languageCode, emotion,
 * voiceSettings). Speech is synchronous, so nothing can be saved before the call; right after
 * the audio is in the artifact store, a `jobs` row under the task key records it (the pattern
 * `runJob` uses for images that finish at submission). A process killed between that write and
 * the task cache's commit finds the row on resume and reuses the audio instead of paying again.
 */
export const executeSpeech: Executor = async (task, _inputs, context) => {
  const key = taskKeyOf(task);
  const sink = checkedSink(context.db, context.artifacts);
  const saved = savedSpeech(context, key, sink);
  if (saved) return saved;
  const { routeOf } = await import("../../providers/middleware/index.js");
  const languageCode = optionalText(task, "languageCode");
  const voiceSettings = optionalRecord(task, "voiceSettings");
  const spend = watchSpend(context.db, context.runId, task.id);
  const model = await context.chain<SpeechModel>("speech", task.chain, task.id);
  const voiceId =
    optionalText(task, "voiceId") ??
    (await fallbackVoice(model, task.chain, text(task, "speaker"), languageCode, context));
  const result = await model.doGenerate({
    text: text(task, "text"),
    voiceId,
    abortSignal: context.signal,
    ...(languageCode ? { languageCode } : {}),
    ...(voiceSettings ? { voiceSettings: voiceSettings as VoiceSettings } : {}),
  });
  const artifact = await sink.put(result.audio, result.mediaType);
  const ledger = spend.settle();
  const route = routeOf(result);
  const provider = route?.provider ?? ledger.provider;
  const modelId = route?.modelId ?? ledger.model;
  const fallbackFrom = route?.fallbackFrom ?? ledger.fallbackFrom;
  // Saved before probing the duration: from here on, the paid audio is never asked for again.
  const spoken: SavedSpeech = {
    artifacts: [artifact.hash],
    words: (result.words ?? []).map((word) => ({
      word: word.word,
      start: round3(word.start),
      end: round3(word.end),
    })),
    ...(result.durationSeconds !== undefined ? { durationSeconds: result.durationSeconds } : {}),
    ...(provider ? { provider } : {}),
    ...(modelId ? { model: modelId } : {}),
    ...(fallbackFrom ? { fallbackFrom, runId: context.runId } : {}),
  };
  saveSpeech(context, key, spoken, task.chain[0] ?? "unknown");
  const durationSeconds =
    result.durationSeconds ?? (await probeDuration(artifact.path, context.env));
  return {
    output: {
      artifacts: { audio: artifact.hash },
      values: {
        durationSeconds: round3(durationSeconds),
        mediaType: artifact.mediaType,
        words: spoken.words,
      },
    },
    costUsd: ledger.costUsd,
    ...(provider ? { provider } : {}),
    ...(modelId ? { model: modelId } : {}),
    ...(fallbackFrom ? { fallbackFrom } : {}),
  };
};

/** The `jobs.result` of a spoken line: what the task's output needs besides the file. */
interface SavedSpeech {
  artifacts: string[];
  words: Array<{ word: string; start: number; end: number }>;
  durationSeconds?: number;
  provider?: string;
  model?: string;
  fallbackFrom?: string;
  /** With fallbackFrom: the run it was made in (a fallback's line is reused only there). */
  runId?: string;
}

function saveSpeech(
  context: ExecutorContext,
  key: string,
  spoken: SavedSpeech,
  primaryRef: string,
): void {
  const now = new Date().toISOString();
  const provider = spoken.provider ?? primaryRef.split(":")[0] ?? primaryRef;
  const modelId = spoken.model ?? primaryRef.slice(provider.length + 1);
  // No provider job exists: the handle only names who served the line (jobs.handle is NOT NULL).
  const handle = JSON.stringify({ provider, modelId, jobId: "", startedAt: now });
  context.db
    .prepare(
      `INSERT INTO jobs (key, provider, model, handle, state, result, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'succeeded', ?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET provider = excluded.provider, model = excluded.model,
         handle = excluded.handle, state = excluded.state, result = excluded.result,
         updated_at = excluded.updated_at`,
    )
    .run(key, provider, modelId, handle, JSON.stringify(spoken), now, now);
}

/** A line paid for before (its row and its file both present), as this task's result. */
function savedSpeech(
  context: ExecutorContext,
  key: string,
  sink: ReturnType<typeof checkedSink>,
): Promise<ExecuteResult> | null {
  const row = context.db
    .prepare("SELECT result FROM jobs WHERE key = ? AND state = 'succeeded'")
    .get(key) as { result: string | null } | undefined;
  if (!row?.result) return null;
  const spoken = JSON.parse(row.result) as Partial<SavedSpeech>;
  const hash = spoken.artifacts?.[0];
  const artifact = hash ? sink.get(hash) : null;
  if (!artifact || !Array.isArray(spoken.words)) return null;
  // A fallback's line serves the run that made it (a resume); a later run tries the primary.
  if (spoken.fallbackFrom && spoken.runId !== context.runId) return null;
  const words = spoken.words;
  return (async () => {
    const durationSeconds =
      spoken.durationSeconds ?? (await probeDuration(artifact.path, context.env));
    return {
      output: {
        artifacts: { audio: artifact.hash },
        values: { durationSeconds: round3(durationSeconds), mediaType: artifact.mediaType, words },
      },
      // Paid by the run that made it (its ledger row); reusing it costs nothing.
      costUsd: 0,
      ...(spoken.provider ? { provider: spoken.provider } : {}),
      ...(spoken.model ? { model: spoken.model } : {}),
      ...(spoken.fallbackFrom ? { fallbackFrom: spoken.fallbackFrom } : {}),
    };
  })();
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
