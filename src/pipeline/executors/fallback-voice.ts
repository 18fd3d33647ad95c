import type { SpeechModel, Voice } from "../../providers/spec/index.js";
import { sha256 } from "../task-key.js";
import type { ExecutorContext } from "./index.js";

const lists = new WeakMap<object, Map<string, Promise<Voice[]>>>();

/**
 * A voice for a speaker the bible gave none: picked from the chain's voice list by a hash of
 * the speaker id, so it is the same every run and differs between speakers. The list is asked
 * for once per run and chain. When no provider lists voices, the speaker id itself is the
 * voice (eSpeak derives a stable variant from any id).
 */
export async function fallbackVoice(
  model: SpeechModel,
  chain: readonly string[],
  speaker: string,
  languageCode: string | undefined,
  context: ExecutorContext,
): Promise<string> {
  let perRun = lists.get(context.state);
  if (!perRun) {
    perRun = new Map();
    lists.set(context.state, perRun);
  }
  const chainKey = chain.join(" ");
  let voices = perRun.get(chainKey);
  if (!voices) {
    voices = model.doListVoices({ abortSignal: context.signal }).catch(() => [] as Voice[]);
    perRun.set(chainKey, voices);
  }
  const all = await voices;
  const language = languageCode?.toLowerCase().split(/[-_]/)[0];
  const speaking = all.filter((voice) => voice.language?.toLowerCase().startsWith(language ?? ""));
  const candidates = [...(speaking.length > 0 ? speaking : all)].sort((left, right) =>
    left.voiceId.localeCompare(right.voiceId),
  );
  if (candidates.length === 0) return speaker;
  const pick = Number.parseInt(sha256(speaker).slice(0, 8), 16) % candidates.length;
  return (candidates[pick] as Voice).voiceId;
}
