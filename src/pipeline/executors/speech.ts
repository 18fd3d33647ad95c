import type { SpeechModel, VoiceSettings } from "../../providers/spec/index.js";
import type { Json } from "../graph.js";
import { checkedSink } from "./artifact-files.js";
import { fallbackVoice } from "./fallback-voice.js";
import type { Executor } from "./index.js";
import { probeDuration } from "./probe-duration.js";
import { optionalRecord, optionalText, text } from "./task-params.js";
import { watchSpend } from "./task-spend.js";

/**
 * One line spoken (params: lineId, text, speaker, voiceId|null, languageCode, emotion,
 * voiceSettings). Speech is synchronous, so nothing is persisted before the call: the task
 * cache is what keeps a finished line from being paid for again.
 */
export const executeSpeech: Executor = async (task, _inputs, context) => {
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
  const artifact = await checkedSink(context.db, context.artifacts).put(
    result.audio,
    result.mediaType,
  );
  const durationSeconds =
    result.durationSeconds ?? (await probeDuration(artifact.path, context.env));
  const words: Json = (result.words ?? []).map((word) => ({
    word: word.word,
    start: round3(word.start),
    end: round3(word.end),
  }));
  const ledger = spend.settle();
  const route = routeOf(result);
  const provider = route?.provider ?? ledger.provider;
  const modelId = route?.modelId ?? ledger.model;
  const fallbackFrom = route?.fallbackFrom ?? ledger.fallbackFrom;
  return {
    output: {
      artifacts: { audio: artifact.hash },
      values: { durationSeconds: round3(durationSeconds), mediaType: artifact.mediaType, words },
    },
    costUsd: ledger.costUsd,
    ...(provider ? { provider } : {}),
    ...(modelId ? { model: modelId } : {}),
    ...(fallbackFrom ? { fallbackFrom } : {}),
  };
};

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
