import { litinkError } from "../../errors/catalog.js";
import { readToolOutput } from "./tool-output.js";

/**
 * What one ffmpeg build can do, read from the build itself. Version strings say nothing for
 * static builds (`N-47683-g0e8eb07980-static` is 4.1 from 2018), so features are detected,
 * never assumed: the npm-shipped 4.1 has no `xfade` and no `-stats_period`.
 */
export interface FfmpegCapabilities {
  binary: string;
  /** The version token of `-version`, e.g. "5.1.9-0+deb12u1" or "N-47683-g0e8eb07980-static". */
  version: string;
  /** The first line of `-version`, for reports. */
  versionLine: string;
  filters: ReadonlySet<string>;
  encoders: ReadonlySet<string>;
  /** Command-line options of `-h long`, without the dash ("stats_period", "progress"). */
  options: ReadonlySet<string>;
}

/** `filter:xfade`, `encoder:libx264`, `option:stats_period`. */
export type Feature = `${"filter" | "encoder" | "option"}:${string}`;

const cache = new Map<string, Promise<FfmpegCapabilities>>();

/** Reads a build's capabilities once per binary path (one promise shared by every caller). */
export function ffmpegCapabilities(binary: string): Promise<FfmpegCapabilities> {
  let pending = cache.get(binary);
  if (!pending) {
    pending = readCapabilities(binary);
    // A failed read (missing binary) is not cached: the user may install it and retry.
    pending.catch(() => cache.delete(binary));
    cache.set(binary, pending);
  }
  return pending;
}

/** Forgets every cached build (tests; a long-lived process after LITINK_FFMPEG changed). */
export function clearCapabilitiesCache(): void {
  cache.clear();
}

async function readCapabilities(binary: string): Promise<FfmpegCapabilities> {
  const query = (args: string[]) =>
    readToolOutput(binary, ["-hide_banner", ...args], {
      step: `reading the capabilities of ${binary}`,
      timeoutMs: 20_000,
    });
  // In sequence: each is a few milliseconds, and the machine's cores are busy with encodes.
  const filters = await query(["-filters"]);
  const encoders = await query(["-encoders"]);
  const help = await query(["-h", "long"]);
  const version = await query(["-version"]);
  const versionLine = version.split("\n")[0]?.trim() ?? "";
  return {
    binary,
    version: /version\s+(\S+)/.exec(versionLine)?.[1] ?? versionLine,
    versionLine,
    filters: parseFilters(filters),
    encoders: parseEncoders(encoders),
    options: parseOptions(help),
  };
}

/** `-filters` rows: three flag characters (T, S, C or dots), the name, `in->out`, a description. */
export function parseFilters(text: string): Set<string> {
  return namesOf(text, /^ [T.][S.][C.] +(\S+) +\S+->\S+/gm);
}

/** `-encoders` rows: six flag characters (type V/A/S, then F S X B D or dots), the name. */
export function parseEncoders(text: string): Set<string> {
  // The legend (" V..... = Video") has the same flags; "=" is no encoder name.
  return namesOf(text, /^ [VAS][F.][S.][X.][B.][D.] +([^\s=]\S*)/gm);
}

/** `-h long` rows that start with an option, e.g. "-stats_period time  set the period…". */
export function parseOptions(text: string): Set<string> {
  return namesOf(text, /^-(\w+)/gm);
}

function namesOf(text: string, pattern: RegExp): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(pattern)) if (match[1]) names.add(match[1]);
  return names;
}

export function hasFilter(capabilities: FfmpegCapabilities, name: string): boolean {
  return capabilities.filters.has(name);
}

export function hasEncoder(capabilities: FfmpegCapabilities, name: string): boolean {
  return capabilities.encoders.has(name);
}

export function hasOption(capabilities: FfmpegCapabilities, name: string): boolean {
  return capabilities.options.has(name.replace(/^-/, ""));
}

export function hasFeature(capabilities: FfmpegCapabilities, feature: Feature): boolean {
  const [kind, name = ""] = splitFeature(feature);
  if (kind === "filter") return hasFilter(capabilities, name);
  if (kind === "encoder") return hasEncoder(capabilities, name);
  return hasOption(capabilities, name);
}

/**
 * Checks a combination before anything is spawned; throws `FfmpegMissingFeature` (exit 78)
 * naming every missing feature and what needed it, e.g.
 * `requireFeatures(caps, ["encoder:libx264", "filter:subtitles"], "--burn-subtitles")`.
 */
export function requireFeatures(
  capabilities: FfmpegCapabilities,
  features: readonly Feature[],
  purpose = "rendering",
): void {
  const missing = features.filter((feature) => !hasFeature(capabilities, feature));
  if (missing.length === 0) return;
  throw litinkError("FfmpegMissingFeature", {
    binary: capabilities.binary,
    version: capabilities.version,
    missing: missing.map(describeFeature),
    purpose,
  });
}

function describeFeature(feature: Feature): string {
  const [kind, name = ""] = splitFeature(feature);
  return kind === "option" ? `option -${name}` : `${kind} "${name}"`;
}

function splitFeature(feature: Feature): [string, string | undefined] {
  const colon = feature.indexOf(":");
  return [feature.slice(0, colon), feature.slice(colon + 1)];
}
