/**
 * A small generator of JSON that conforms to a JSON Schema, for the chat emulator's structured
 * output: objects (every property, so strict schemas are satisfied), arrays (`minItems`, at
 * least one item), strings (`enum`, `const`, `minLength`, `maxLength`), numbers and integers
 * (`minimum`/`maximum`, exclusive bounds), booleans, null, `anyOf`/`oneOf` (first branch),
 * `allOf` (merged objects), nullable type lists and local `$ref`s (`#/$defs/…`,
 * `#/definitions/…`). Deterministic: the same schema always gives the same value.
 */
type Schema = Record<string, unknown>;

/** Past this nesting, arrays come back empty and nullable values null (recursive schemas). */
const MAX_DEPTH = 8;

export interface SampleOptions {
  /** Items per array where the schema allows (default: its minimum, at least one). */
  width?: number;
  /** Number every string, so a screenplay sampled from it has distinct lines and shots. */
  distinctStrings?: boolean;
  /** Put before every free string: replies to different requests then differ (per chapter). */
  salt?: string;
}

export function sampleFromJsonSchema(schema: unknown, options: SampleOptions = {}): unknown {
  return sample(schema, { root: schema, depth: 0, options, strings: { count: 0 } }, "value");
}

interface Walk {
  root: unknown;
  depth: number;
  options: SampleOptions;
  /** Shared by the whole walk: how many strings were made so far. */
  strings: { count: number };
}

function sample(schema: unknown, walk: Walk, name: string): unknown {
  const node = resolve(asSchema(schema), asSchema(walk.root));
  const deeper = { ...walk, depth: walk.depth + 1 };
  if (walk.depth > MAX_DEPTH && Array.isArray(node.type) && node.type.includes("null")) return null;
  if ("const" in node) return node.const;
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
  const branches = (node.anyOf ?? node.oneOf) as unknown[] | undefined;
  if (Array.isArray(branches) && branches.length > 0) {
    const isNull = (branch: unknown) => asSchema(branch).type === "null";
    const preferred =
      (walk.depth > MAX_DEPTH ? branches.find(isNull) : branches.find((b) => !isNull(b))) ??
      branches[0];
    return sample(preferred, deeper, name);
  }
  if (Array.isArray(node.allOf)) {
    const merged: Record<string, unknown> = {};
    for (const part of node.allOf) Object.assign(merged, sample(part, deeper, name));
    return merged;
  }
  switch (typeOf(node)) {
    case "object":
      return sampleObject(node, deeper);
    case "array":
      return sampleArray(node, deeper, name);
    case "string":
      return sampleString(node, name, walk);
    case "integer":
      return sampleNumber(node, true);
    case "number":
      return sampleNumber(node, false);
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return `${name} sample`;
  }
}

function sampleObject(node: Schema, walk: Walk): Record<string, unknown> {
  const properties = asSchema(node.properties);
  const value: Record<string, unknown> = {};
  for (const [key, propertySchema] of Object.entries(properties)) {
    value[key] = sample(propertySchema, walk, key);
  }
  return value;
}

function sampleArray(node: Schema, walk: Walk, name: string): unknown[] {
  if (walk.depth > MAX_DEPTH && !(typeof node.minItems === "number" && node.minItems > 0))
    return [];
  const width = walk.options.width;
  const minItems = typeof node.minItems === "number" ? node.minItems : 1;
  const maxItems =
    typeof node.maxItems === "number" ? node.maxItems : Math.max(minItems, width ?? 2);
  const count = Math.min(Math.max(minItems, width ?? 1), maxItems);
  const items = Array.isArray(node.prefixItems) ? node.prefixItems : undefined;
  return Array.from({ length: count }, (_, index) =>
    sample(items?.[index] ?? node.items ?? {}, walk, `${name} ${index + 1}`),
  );
}

function sampleString(node: Schema, name: string, walk: Walk): string {
  if (node.format === "date-time") return "2024-01-01T00:00:00Z";
  if (node.format === "date") return "2024-01-01";
  if (node.format === "uri" || node.format === "url") return "https://example.com/";
  if (node.format === "email") return "someone@example.com";
  walk.strings.count += 1;
  let text = walk.options.distinctStrings
    ? `${name} sample ${walk.strings.count}`
    : `${name} sample`;
  if (walk.options.salt) text = `${walk.options.salt} ${text}`;
  const minLength = typeof node.minLength === "number" ? node.minLength : 0;
  while (text.length < minLength) text += " sample";
  if (typeof node.maxLength === "number") text = text.slice(0, node.maxLength);
  return text;
}

function sampleNumber(node: Schema, integer: boolean): number {
  const step = integer ? 1 : 0.5;
  if (typeof node.minimum === "number") return integer ? Math.ceil(node.minimum) : node.minimum;
  if (typeof node.exclusiveMinimum === "number") {
    return integer ? Math.floor(node.exclusiveMinimum) + 1 : node.exclusiveMinimum + step;
  }
  if (typeof node.maximum === "number" && node.maximum < 1) {
    return integer ? Math.floor(node.maximum) : node.maximum;
  }
  if (typeof node.exclusiveMaximum === "number" && node.exclusiveMaximum <= 1) {
    return integer ? Math.ceil(node.exclusiveMaximum) - 1 : node.exclusiveMaximum - step;
  }
  return 1;
}

function typeOf(node: Schema): string | undefined {
  if (Array.isArray(node.type)) {
    return (node.type.find((type) => type !== "null") ?? node.type[0]) as string | undefined;
  }
  if (typeof node.type === "string") return node.type;
  if (node.properties) return "object";
  if (node.items) return "array";
  return undefined;
}

function resolve(node: Schema, root: Schema, depth = 0): Schema {
  const reference = node.$ref;
  if (typeof reference !== "string" || !reference.startsWith("#") || depth > 20) return node;
  let target: unknown = root;
  for (const part of reference.slice(1).split("/").filter(Boolean)) {
    target = asSchema(target)[decodeURIComponent(part).replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return resolve(asSchema(target), root, depth + 1);
}

function asSchema(value: unknown): Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Schema)
    : {};
}
