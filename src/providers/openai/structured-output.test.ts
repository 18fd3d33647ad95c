import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  EMULATOR_API_KEY,
  type OpenAICompatibleEmulator,
  startOpenAICompatibleEmulator,
} from "../../../test/emulators/openai-compatible.js";
import { isProviderError } from "../provider-error.js";
import { createOpenAICompatible } from "./openai-provider.js";
import { parseStructured, responseFormatFromZod } from "./structured-output.js";

const shotList = z.object({
  scene: z.string(),
  mood: z.enum(["calm", "tense", "joyful"]),
  shots: z
    .array(
      z.object({
        description: z.string().min(3),
        seconds: z.number().int().min(2).max(12),
        characters: z.array(z.string()),
        closeUp: z.boolean(),
        note: z.string().nullable(),
      }),
    )
    .min(2),
});

let emulator: OpenAICompatibleEmulator;
beforeAll(async () => {
  emulator = await startOpenAICompatibleEmulator();
});
afterAll(() => emulator.close());

function model(modelId = "openai/gpt-4o") {
  return createOpenAICompatible({
    provider: "openrouter",
    baseURL: `${emulator.url}/api/v1`,
    apiKey: EMULATOR_API_KEY,
  }).text(modelId);
}

describe("structured output", () => {
  it("sends the exact response_format shape, requires parameters on OpenRouter, and validates with zod", async () => {
    const responseFormat = responseFormatFromZod("shot_list", shotList);
    const before = emulator.count("/chat/completions");
    const result = await model().doGenerate({
      messages: [{ role: "user", content: "Plan the shots." }],
      responseFormat,
    });
    expect(emulator.count("/chat/completions")).toBe(before + 1);

    const body = emulator.chatBodies().at(-1)!;
    expect(body.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "shot_list", strict: true, schema: responseFormat.schema },
    });
    expect(Object.keys(body.response_format!.json_schema!).sort()).toEqual([
      "name",
      "schema",
      "strict",
    ]);
    expect(body.provider).toEqual({ require_parameters: true });
    // The schema we send is plain JSON Schema generated from zod, without a dialect marker.
    expect(responseFormat.schema).not.toHaveProperty("$schema");
    expect(responseFormat.schema).toMatchObject({ type: "object", additionalProperties: false });

    const data = parseStructured(result.text, shotList, model());
    expect(data.shots.length).toBeGreaterThanOrEqual(2);
    expect(["calm", "tense", "joyful"]).toContain(data.mood);
  });

  it("a reply that does not match the schema is malformed, with the issues summarised", async () => {
    emulator.queueChatReply({ content: JSON.stringify({ scene: 3, mood: "angry", shots: [] }) });
    const result = await model().doGenerate({
      messages: [{ role: "user", content: "Plan the shots." }],
      responseFormat: responseFormatFromZod("shot_list", shotList),
    });
    let caught: unknown;
    try {
      parseStructured(result.text, shotList, { provider: "openrouter", modelId: "openai/gpt-4o" });
    } catch (error) {
      caught = error;
    }
    expect(isProviderError(caught)).toBe(true);
    const error = caught as { failure: string; message: string; isRetryable: boolean };
    expect(error.failure).toBe("malformed");
    expect(error.isRetryable).toBe(true);
    expect(error.message).toContain("scene:");
    expect(error.message).toContain("mood:");
    expect(error.message).toContain("shots:");
  });

  it("a reply that is not JSON at all is malformed", () => {
    expect(() => parseStructured("Sure! Here is your plan:", shotList)).toThrow(
      expect.objectContaining({ failure: "malformed" }),
    );
  });

  it("accepts JSON wrapped in a Markdown fence (models without native structured output)", () => {
    const text = '```json\n{"a": 1}\n```';
    expect(parseStructured(text, z.object({ a: z.number() }))).toEqual({ a: 1 });
  });
});
