import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Shared plumbing for the provider emulators: a loopback HTTP server, a log of every request
 * it received (tests count calls from this log, never from litink's own counters) and a queue
 * of faults to inject. Each emulator adds routes that speak its provider's wire format.
 */
export interface LoggedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Parsed JSON body, when it is JSON. */
  json?: unknown;
  at: number;
}

export type Fault =
  /** Answer with this status and body (default: the provider's error envelope). */
  | { kind: "status"; status: number; retryAfterSeconds?: number; body?: unknown }
  /** Accept the connection and never answer (the client must time out). */
  | { kind: "hang" }
  /** Answer 200 with a body that is not valid JSON (or not the expected shape). */
  | { kind: "malformed"; body?: string }
  /** Close the socket without answering. */
  | { kind: "reset" };

export interface FaultRule {
  fault: Fault;
  /** Only requests whose path contains this (and, if given, whose JSON `model`/`model_id` equals it). */
  pathIncludes?: string;
  model?: string;
  /** How many requests it applies to (default 1); Infinity for "until cleared". */
  times?: number;
  /** Applies with this probability (0–1, default 1): random faults for soak tests. */
  probability?: number;
}

export type Route = (request: LoggedRequest, response: ServerResponse) => void | Promise<void>;

export interface Emulator {
  /** e.g. http://127.0.0.1:40123 */
  readonly url: string;
  readonly requests: LoggedRequest[];
  /** Requests whose path contains `pathIncludes` (and whose body names `model`, if given). */
  count(pathIncludes: string, model?: string): number;
  inject(rule: FaultRule): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export interface EmulatorOptions {
  /** Produces the provider's error body for an injected status fault. */
  errorBody: (status: number, message: string) => unknown;
  routes: Array<{ method: string; match: RegExp; handle: Route }>;
  /** Random source for probabilistic faults (seedable in tests). */
  random?: () => number;
}

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const requests: LoggedRequest[] = [];
  let rules: Array<FaultRule & { remaining: number }> = [];
  const hanging = new Set<ServerResponse>();
  const random = options.random ?? Math.random;

  const server: Server = createServer(
    async (incoming: IncomingMessage, response: ServerResponse) => {
      const body = await readBody(incoming);
      const url = new URL(incoming.url ?? "/", "http://emulator");
      const logged: LoggedRequest = {
        method: incoming.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: incoming.headers,
        body,
        json: parseJson(body),
        at: Date.now(),
      };
      requests.push(logged);

      const rule = rules.find(
        (candidate) => applies(candidate, logged) && random() < (candidate.probability ?? 1),
      );
      if (rule) {
        rule.remaining--;
        if (rule.remaining <= 0) rules = rules.filter((candidate) => candidate !== rule);
        return injectFault(rule.fault, response, options, hanging);
      }
      const route = options.routes.find(
        (candidate) => candidate.method === logged.method && candidate.match.test(logged.path),
      );
      if (!route) {
        return sendJson(
          response,
          404,
          options.errorBody(404, `No route for ${logged.method} ${logged.path}`),
        );
      }
      try {
        await route.handle(logged, response);
      } catch (error) {
        if (!response.headersSent)
          sendJson(response, 500, options.errorBody(500, (error as Error).message));
      }
    },
  );

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    count: (pathIncludes, model) =>
      requests.filter(
        (request) =>
          request.path.includes(pathIncludes) &&
          (model === undefined || modelOf(request) === model),
      ).length,
    inject: (rule) => rules.push({ ...rule, remaining: rule.times ?? 1 }),
    clearFaults: () => {
      rules = [];
    },
    close: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

function applies(rule: FaultRule, request: LoggedRequest): boolean {
  if (rule.pathIncludes && !request.path.includes(rule.pathIncludes)) return false;
  if (rule.model !== undefined && modelOf(request) !== rule.model) return false;
  return true;
}

function modelOf(request: LoggedRequest): string | undefined {
  const json = request.json as { model?: unknown; model_id?: unknown } | undefined;
  const model = json?.model ?? json?.model_id;
  return typeof model === "string" ? model : undefined;
}

function injectFault(
  fault: Fault,
  response: ServerResponse,
  options: EmulatorOptions,
  hanging: Set<ServerResponse>,
): void {
  switch (fault.kind) {
    case "status": {
      const headers: Record<string, string> = {};
      if (fault.retryAfterSeconds !== undefined)
        headers["retry-after"] = String(fault.retryAfterSeconds);
      sendJson(
        response,
        fault.status,
        fault.body ?? options.errorBody(fault.status, `Injected fault ${fault.status}`),
        headers,
      );
      return;
    }
    case "hang":
      hanging.add(response);
      response.on("close", () => hanging.delete(response));
      return;
    case "malformed": {
      const text = fault.body ?? '{"choices": [ {"message": ';
      response.writeHead(200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(text),
      });
      response.end(text);
      return;
    }
    case "reset":
      response.socket?.destroy();
      return;
  }
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
}
