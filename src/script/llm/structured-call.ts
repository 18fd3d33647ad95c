import type { z } from "zod";
import { type EventSink, isCircuitOpen } from "../../providers/middleware/index.js";
import {
  parseStructured,
  responseFormatFromZod,
} from "../../providers/openai/structured-output.js";
import {
  isProviderError,
  ProviderError,
  type ProviderFailure,
} from "../../providers/provider-error.js";
import type { TextMessage } from "../../providers/spec/index.js";
import type { LlmLink } from "./index.js";
import { type PromptTemplate, renderTemplate } from "./templates.js";

/** Low and fixed, so a rerun asks the same question the same way. */
export const TEMPERATURE = 0.2;
export const SEED = 1234;

export interface StructuredRequest<Schema extends z.ZodType> {
  /** Name of the JSON Schema sent as `response_format`. */
  name: string;
  schema: Schema;
  messages: TextMessage[];
  /** Problems a schema-valid reply can still have (empty: fine). */
  check?: (value: z.output<Schema>) => string[];
  maxOutputTokens?: number;
  signal?: AbortSignal;
}

export interface StructuredContext {
  links: readonly LlmLink[];
  repair: PromptTemplate;
  events?: EventSink;
}

export interface StructuredAnswer<T> {
  value: T;
  /** The link that answered. */
  ref: string;
}

/**
 * Asks the chain for a reply that passes the schema. Per link: one call; if the reply is not
 * JSON or fails the schema or the check, ONE repair round on the same link (the conversation,
 * the reply and the validation errors); still invalid → the next link. A provider failure
 * (after the link's own retries) also moves on; a cancellation stops everything.
 */
export async function askStructured<Schema extends z.ZodType>(
  context: StructuredContext,
  request: StructuredRequest<Schema>,
): Promise<StructuredAnswer<z.output<Schema>>> {
  const responseFormat = responseFormatFromZod(request.name, request.schema);
  const failures: string[] = [];
  let lastError: ProviderError | undefined;
  for (const [index, link] of context.links.entries()) {
    const next = context.links[index + 1];
    const ask = async (messages: TextMessage[]) => {
      const result = await link.model.doGenerate({
        messages,
        responseFormat,
        temperature: TEMPERATURE,
        seed: SEED,
        ...(request.maxOutputTokens ? { maxOutputTokens: request.maxOutputTokens } : {}),
        ...(request.signal ? { abortSignal: request.signal } : {}),
      });
      return result.text;
    };
    let reason: string;
    try {
      const reply = await ask(request.messages);
      const first = validate(reply, request, link);
      if (first.ok) return { value: first.value, ref: link.ref };
      const repairMessages: TextMessage[] = [
        ...request.messages,
        { role: "assistant", content: reply },
        ...renderTemplate(context.repair, { errors: first.errors }).map((message) => ({
          ...message,
          role: "user" as const,
        })),
      ];
      const second = validate(await ask(repairMessages), request, link);
      if (second.ok) return { value: second.value, ref: link.ref };
      reason = "invalid-output";
      lastError = second.error;
      context.events?.emit("warning", {
        message: `${link.ref} gave an invalid ${request.name} twice (${clip(second.errors)})${next ? `; trying ${next.ref}` : ""}`,
      });
    } catch (error) {
      if (!isProviderError(error) || error.failure === "aborted") throw error;
      reason = isCircuitOpen(error) ? "circuit-open" : error.failure;
      lastError = error;
      context.events?.emit("warning", {
        message: `${link.ref} failed for the ${request.name} (${reason})${next ? `; trying ${next.ref}` : ""}`,
      });
    }
    failures.push(`${link.ref}: ${reason}`);
    if (next) {
      context.events?.emit("fallback", { modality: "text", from: link.ref, to: next.ref, reason });
    }
  }
  throw exhausted(context.links, failures, lastError);
}

type Validation<T> = { ok: true; value: T } | { ok: false; errors: string; error: ProviderError };

function validate<Schema extends z.ZodType>(
  reply: string,
  request: StructuredRequest<Schema>,
  link: LlmLink,
): Validation<z.output<Schema>> {
  const source = { provider: link.model.provider, modelId: link.model.modelId };
  try {
    const value = parseStructured(reply, request.schema, source);
    const issues = request.check?.(value) ?? [];
    if (issues.length === 0) return { ok: true, value };
    const detail = `the structured reply failed the checks: ${issues.slice(0, 8).join("; ")}${issues.length > 8 ? `; and ${issues.length - 8} more` : ""}`;
    const error = new ProviderError({ ...source, failure: "malformed", detail });
    return { ok: false, errors: detail, error };
  } catch (error) {
    if (!isProviderError(error)) throw error;
    return { ok: false, errors: detailOf(error), error };
  }
}

/** The ProviderError message without the "<provider> <model>: " prefix. */
function detailOf(error: ProviderError): string {
  const prefix = `${error.provider} ${error.modelId}: `;
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}

function clip(text: string): string {
  return text.length > 300 ? `${text.slice(0, 297)}…` : text;
}

/** Like the fallback middleware's "every model in the chain failed": one ProviderError (exit 69). */
function exhausted(
  links: readonly LlmLink[],
  failures: string[],
  lastError: ProviderError | undefined,
): ProviderError {
  const last = links.at(-1);
  const failure: ProviderFailure = lastError?.failure ?? "malformed";
  return new ProviderError({
    provider: lastError?.provider ?? last?.model.provider ?? "text",
    modelId: lastError?.modelId ?? last?.model.modelId ?? "chain",
    failure,
    detail:
      links.length === 0
        ? "the text chain has no models"
        : `every model in the chain failed (${failures.join("; ")})`,
    ...(lastError?.status ? { status: lastError.status } : {}),
    cause: lastError,
  });
}
