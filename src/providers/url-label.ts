/**
 * A URL as it may appear in an error or log: origin and path only. Signed CDN links carry
 * tokens in the query string, and those are secrets too.
 */
export function urlLabel(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return "(invalid URL)";
  }
}
