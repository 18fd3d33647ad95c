// JSON that conforms to a JSON Schema, like test/emulators/openai-compatible-json-sample.ts,
// but fuller: arrays get up to `width` items and every string is distinct, so a screenplay
// written from it has several scenes, shots and lines (a graph worth scheduling).
const MAX_DEPTH = 8;

export function richSample(schema, width = 3) {
  let counter = 0;
  const asSchema = (value) =>
    typeof value === "object" && value !== null && !Array.isArray(value) ? value : {};
  const resolve = (node, depth = 0) => {
    if (typeof node.$ref !== "string" || !node.$ref.startsWith("#") || depth > 20) return node;
    let target = schema;
    for (const part of node.$ref.slice(1).split("/").filter(Boolean))
      target = asSchema(target)[decodeURIComponent(part).replace(/~1/g, "/").replace(/~0/g, "~")];
    return resolve(asSchema(target), depth + 1);
  };
  const typeOf = (node) => {
    if (Array.isArray(node.type)) return node.type.find((type) => type !== "null") ?? node.type[0];
    if (typeof node.type === "string") return node.type;
    if (node.properties) return "object";
    if (node.items) return "array";
    return undefined;
  };
  const sample = (raw, depth, name) => {
    const node = resolve(asSchema(raw));
    if (depth > MAX_DEPTH && Array.isArray(node.type) && node.type.includes("null")) return null;
    if ("const" in node) return node.const;
    if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
    const branches = node.anyOf ?? node.oneOf;
    if (Array.isArray(branches) && branches.length > 0) {
      const preferred = branches.find((branch) => asSchema(branch).type !== "null") ?? branches[0];
      return sample(preferred, depth + 1, name);
    }
    if (Array.isArray(node.allOf)) {
      const merged = {};
      for (const part of node.allOf) Object.assign(merged, sample(part, depth + 1, name));
      return merged;
    }
    switch (typeOf(node)) {
      case "object": {
        const value = {};
        for (const [key, property] of Object.entries(asSchema(node.properties)))
          value[key] = sample(property, depth + 1, key);
        return value;
      }
      case "array": {
        const minItems = typeof node.minItems === "number" ? node.minItems : 0;
        const maxItems = typeof node.maxItems === "number" ? node.maxItems : width;
        const count = depth > MAX_DEPTH ? minItems : Math.min(Math.max(minItems, width), maxItems);
        return Array.from({ length: count }, (_, index) =>
          sample(node.prefixItems?.[index] ?? node.items ?? {}, depth + 1, `${name} ${index + 1}`),
        );
      }
      case "string": {
        counter += 1;
        let text = `${name} sample ${counter}`;
        while (text.length < (node.minLength ?? 0)) text += " sample";
        return typeof node.maxLength === "number" ? text.slice(0, node.maxLength) : text;
      }
      case "integer":
        return typeof node.minimum === "number" ? Math.ceil(node.minimum) : 1;
      case "number":
        return typeof node.minimum === "number" ? node.minimum : 1;
      case "boolean":
        return true;
      case "null":
        return null;
      default:
        return `${name} sample`;
    }
  };
  return sample(schema, 0, "value");
}
