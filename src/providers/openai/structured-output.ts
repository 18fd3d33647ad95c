import { z } from "zod";
import { ProviderError } from "../provider-error.js";
import type { TextCallOptions } from "../spec/text-model.js";

/**
 * Structured output both ways: the request's JSON Schema is generated from our zod schema,
 * and the reply is validated with the same zod schema. A reply that is not JSON or does not
 * match is a `malformed` ProviderError, which the middleware retries once and then falls back
 * on (a weaker model in the chain may ignore the schema).
 */
export interface StructuredSource {
  provider: string;
  modelId: string;
}

/**
 * `responseFormat` for `TextCallOptions` from a zod schema. Strict mode (OpenAI, and the
 * providers OpenRouter routes to with `require_parameters`) wants every property required and
 * `additionalProperties: false`: zod objects give that, optional fields should be `.nullable()`.
 */
export function responseFormatFromZod(
  name: string,
  schema: z.ZodType,
): NonNullable<TextCallOptions["responseFormat"]> {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, { io: "output" }) as Record<
    string,
    unknown
  >;
  return { type: "json", name, schema: jsonSchema };
}

const MAX_ISSUES = 5;

export function parseStructured<Schema extends z.ZodType>(
  text: string,
  schema: Schema,
  source: StructuredSource = { provider: "unknown", modelId: "unknown" },
): z.output<Schema> {
  let json: unknown;
  try {
    json = JSON.parse(stripCodeFence(text));
  } catch {
    throw malformed(source, `the structured reply was not JSON (${text.length} characters)`);
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, MAX_ISSUES).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join(".") : "(root)";
    return `${path}: ${issue.message}`;
  });
  const more = result.error.issues.length - issues.length;
  throw malformed(
    source,
    `the structured reply did not match the schema: ${issues.join("; ")}${more > 0 ? `; and ${more} more` : ""}`,
  );
}

/** Models without native structured output often wrap JSON in a Markdown fence. */
function stripCodeFence(text: string): string {
  const match = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/.exec(text);
  return match?.[1] ?? text;
}

function malformed(source: StructuredSource, detail: string): ProviderError {
  return new ProviderError({ ...source, failure: "malformed", detail });
}
