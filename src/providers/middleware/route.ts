/**
 * Which model actually served a result, and which one it was meant for. Results are the
 * spec's types, which have no field for this, so the fallback chain notes it beside them.
 */
export interface Route {
  provider: string;
  modelId: string;
  /** "<provider>:<model>" of the chain's first model, when a later one served the call. */
  fallbackFrom?: string;
}

const routes = new WeakMap<object, Route>();

export function setRoute(result: unknown, route: Route): void {
  if (typeof result === "object" && result !== null) routes.set(result, route);
}

export function routeOf(result: unknown): Route | undefined {
  return typeof result === "object" && result !== null ? routes.get(result) : undefined;
}
