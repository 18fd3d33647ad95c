import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  EMULATOR_API_KEY,
  type OpenAICompatibleEmulator,
  startOpenAICompatibleEmulator,
} from "./openai-compatible.js";
import { sampleFromJsonSchema } from "./openai-compatible-json-sample.js";

let openRouter: OpenAICompatibleEmulator;
let openai: OpenAICompatibleEmulator;

beforeAll(async () => {
  openRouter = await startOpenAICompatibleEmulator({ dialect: "openrouter" });
  openai = await startOpenAICompatibleEmulator({ dialect: "openai", apiKey: "sk-proj-ok-1234" });
});
afterAll(async () => {
  await openRouter.close();
  await openai.close();
});

async function post(base: string, path: string, body: unknown, key = EMULATOR_API_KEY) {
  const response = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: reply bodies are read ad hoc in assertions
  return { status: response.status, json: (await response.json()) as Record<string, any> };
}

const chatBody = { model: "openai/gpt-4o", messages: [{ role: "user", content: "hi" }] };

describe("OpenAI-compatible emulator: wire format", () => {
  it.each(["/chat/completions", "/v1/chat/completions", "/api/v1/chat/completions"])(
    "serves %s with an OpenRouter reply",
    async (path) => {
      const { status, json } = await post(openRouter.url, path, chatBody);
      expect(status).toBe(200);
      expect(json.id).toMatch(/^gen-/);
      expect(json.model).toBe("openai/gpt-4o");
      expect(json.choices[0].message.content).toEqual(expect.any(String));
      expect(json.usage).toMatchObject({
        prompt_tokens: expect.any(Number),
        cost: expect.any(Number),
      });
    },
  );

  it("answers a missing or wrong key with each dialect's 401 envelope", async () => {
    const router = await post(openRouter.url, "/api/v1/chat/completions", chatBody, "nope");
    expect(router).toEqual({
      status: 401,
      json: { error: { code: 401, message: "User not found." } },
    });
    const plain = await post(
      openai.url,
      "/v1/embeddings",
      { model: "m", input: "x" },
      "sk-wrong-key-0000",
    );
    expect(plain.status).toBe(401);
    expect(plain.json.error).toMatchObject({
      type: "invalid_request_error",
      param: null,
      code: "invalid_api_key",
    });
    expect(plain.json.error.message).not.toContain("sk-wrong-key-0000");
  });

  it("uses the dialect's envelope for injected faults", async () => {
    openai.inject({ fault: { kind: "status", status: 503 } });
    const { status, json } = await post(
      openai.url,
      "/v1/embeddings",
      { model: "m", input: "x" },
      "sk-proj-ok-1234",
    );
    expect(status).toBe(503);
    expect(Object.keys(json.error).sort()).toEqual(["code", "message", "param", "type"]);
  });

  it("lists models without a key on OpenRouter", async () => {
    const response = await fetch(`${openRouter.url}/api/v1/models`);
    const json = (await response.json()) as {
      data: Array<{ id: string; pricing: { prompt: string } }>;
    };
    expect(response.status).toBe(200);
    expect(json.data[0]).toMatchObject({
      id: expect.any(String),
      pricing: { prompt: expect.any(String) },
    });
  });

  it("serves configured replies once, then routes models as configured", async () => {
    openRouter.queueChatReply({ content: "configured", forModel: "x/y" });
    openRouter.routeModel("x/y", "x/z");
    const first = await post(openRouter.url, "/chat/completions", { ...chatBody, model: "x/y" });
    const second = await post(openRouter.url, "/chat/completions", { ...chatBody, model: "x/y" });
    expect(first.json.choices[0].message.content).toBe("configured");
    expect(second.json.choices[0].message.content).not.toBe("configured");
    expect(second.json.model).toBe("x/z");
  });

  it("decodes the same vectors through the SDK's default base64 encoding as with float", async () => {
    const client = new OpenAI({
      apiKey: "sk-proj-ok-1234",
      baseURL: `${openai.url}/v1`,
      maxRetries: 0,
    });
    const base64 = await client.embeddings.create({
      model: "text-embedding-3-small",
      input: ["a", "b"],
      dimensions: 16,
    });
    const floats = await client.embeddings.create({
      model: "text-embedding-3-small",
      input: ["a", "b"],
      dimensions: 16,
      encoding_format: "float",
    });
    expect(base64.data.map((item) => item.embedding)).toEqual(
      floats.data.map((item) => item.embedding),
    );
    expect(Math.hypot(...floats.data[0]!.embedding)).toBeCloseTo(1, 5);
  });

  it("rejects what OpenAI rejects: dimensions on ada-002, empty strings, over 2048 inputs", async () => {
    const key = "sk-proj-ok-1234";
    const ada = await post(
      openai.url,
      "/v1/embeddings",
      { model: "text-embedding-ada-002", input: "x", dimensions: 8 },
      key,
    );
    const empty = await post(
      openai.url,
      "/v1/embeddings",
      { model: "text-embedding-3-small", input: ["a", ""] },
      key,
    );
    const many = await post(
      openai.url,
      "/v1/embeddings",
      { model: "text-embedding-3-small", input: Array.from({ length: 2049 }, () => "x") },
      key,
    );
    expect([ada.status, empty.status, many.status]).toEqual([400, 400, 400]);
    expect(ada.json.error.param).toBe("dimensions");
  });
});

describe("JSON Schema samples for structured output", () => {
  const schemas = {
    flat: z.object({ title: z.string(), count: z.number().int(), ok: z.boolean() }),
    constrained: z.object({
      mood: z.enum(["calm", "tense"]),
      name: z.string().min(12).max(20),
      ratio: z.number().gt(2).lt(3),
      level: z.number().int().min(5).max(9),
      tags: z.array(z.string()).min(3),
      note: z.string().nullable(),
      kind: z.literal("shot"),
    }),
    nested: z.object({
      scenes: z.array(
        z.object({
          heading: z.string(),
          shots: z.array(z.object({ seconds: z.number().positive() })).min(1),
        }),
      ),
      either: z.union([z.object({ a: z.string() }), z.number()]),
    }),
  };

  it.each(Object.entries(schemas))("generates a value that zod accepts: %s", (_name, schema) => {
    const sample = sampleFromJsonSchema(z.toJSONSchema(schema));
    expect(schema.safeParse(sample).error?.issues ?? []).toEqual([]);
  });

  it("follows local $refs and stops recursing", () => {
    interface Node {
      label: string;
      children: Node[];
    }
    const node: z.ZodType<Node> = z.lazy(() =>
      z.object({ label: z.string(), children: z.array(node) }),
    );
    const sample = sampleFromJsonSchema(z.toJSONSchema(node));
    expect(node.safeParse(sample).success).toBe(true);
    const defs = { $defs: { Line: { type: "object", properties: { text: { type: "string" } } } } };
    expect(
      sampleFromJsonSchema({
        ...defs,
        type: "array",
        items: { $ref: "#/$defs/Line" },
        minItems: 2,
      }),
    ).toEqual([{ text: "text sample" }, { text: "text sample" }]);
  });
});
