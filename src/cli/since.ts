import { litinkError } from "../errors/catalog.js";

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `--since 7d`, `24h`, `30m`, `2w`, or a date/time (`2026-11-01`, ISO 8601). */
export function parseSince(value: string, now = Date.now()): Date {
  const relative = /^(\d+)\s*([mhdw])$/.exec(value.trim());
  if (relative) return new Date(now - Number(relative[1]) * UNITS[relative[2]!]!);
  const date = Date.parse(value);
  if (!Number.isNaN(date)) return new Date(date);
  throw litinkError("UsageError", {
    detail: `--since "${value}" is neither a duration (30m, 24h, 7d, 2w) nor a date (2026-11-01).`,
  });
}
