/**
 * The one way provider text is scrubbed before it can reach an error, a log or a warning.
 * Servers echo keys back in full ("bad key=…") and masked ("Incorrect API key provided:
 * sk-proj-****abcd", "sk-…abcd", "sk-or-v1-…"); a masked key still names the account and
 * helps guess the rest, so both forms go.
 */
export const REDACTED = "[redacted]";

/** Characters providers use to mask the middle of a key. */
const MASK = "(?:[*•…]+|\\.{3,})";

/** Anything shaped like an OpenAI/OpenRouter (`sk-`) or ElevenLabs (`sk_`) key, masked or not. */
const KEY_SHAPED = /\bsk[-_][A-Za-z0-9_*.•…-]{2,}/g;

/** `Authorization: Bearer …` copied into a message by a proxy or a debugging server. */
const BEARER = /\bBearer\s+[A-Za-z0-9._~+/=*…-]+/gi;

/** Shorter keys are not worth the false positives of splitting text on them. */
const MIN_KEY_LENGTH = 4;
/** Keys this long are also searched for in masked form: their first or last four characters. */
const MASKED_FORM_MIN_LENGTH = 12;

export type Redactor = (text: string) => string;

export function createRedactor(apiKey: string): Redactor {
  const key = apiKey.trim();
  const masked = key.length >= MASKED_FORM_MIN_LENGTH ? maskedFormOf(key) : undefined;
  return (text) => {
    let result = key.length >= MIN_KEY_LENGTH ? text.split(key).join(REDACTED) : text;
    if (masked) result = result.replace(masked, REDACTED);
    return result.replace(KEY_SHAPED, REDACTED).replace(BEARER, REDACTED);
  };
}

/** `abcd****` or `****wxyz` (any prefix before the mask, as in `ab12…wxyz`). */
function maskedFormOf(key: string): RegExp {
  const head = escapeRegExp(key.slice(0, 4));
  const tail = escapeRegExp(key.slice(-4));
  // Bounded runs: an unbounded `[…]*` before the mask is quadratic on long base64 echoes.
  return new RegExp(`${head}[A-Za-z0-9_-]{0,16}${MASK}|[A-Za-z0-9_-]{0,16}${MASK}${tail}`, "g");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
