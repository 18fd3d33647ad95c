/** Lines of stderr shown in an error: enough to see ffmpeg's reason, never a whole log. */
export const TAIL_LINES = 20;
/** A runaway line (a huge filter graph echoed back) is cut to this many characters. */
const MAX_LINE_CHARS = 1000;

/** The last `count` non-empty lines of a text, each cut to a sane length. */
export function lastLines(text: string, count = TAIL_LINES): string {
  const lines = text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.length > 0);
  return lines.slice(-count).map(cutLine).join("\n");
}

/**
 * Cuts a runaway line and drops URL query strings: renders read local files, but a line that
 * echoes a signed provider URL must not carry its token into an error message or a log.
 */
export function cutLine(line: string): string {
  const safe = line.replace(/(\bhttps?:\/\/[^\s?'"]+)\?[^\s'"]*/g, "$1?…");
  return safe.length > MAX_LINE_CHARS ? `${safe.slice(0, MAX_LINE_CHARS)}…` : safe;
}

/**
 * Keeps the last `capacity` lines of a stream that arrives in chunks, so a long encode's log
 * costs bounded memory; a line split across chunks is joined before it is stored.
 */
export class LineTail {
  private readonly lines: string[] = [];
  private partial = "";

  constructor(
    private readonly capacity: number,
    private readonly onLine: (line: string) => boolean = () => true,
  ) {}

  /** Feeds a chunk; `onLine` returning false keeps the line out of the tail (progress lines). */
  push(chunk: string): void {
    const parts = (this.partial + chunk).split(/\r\n|\r|\n/);
    this.partial = parts.pop() ?? "";
    for (const part of parts) this.accept(part);
  }

  /** Flushes the last unterminated line. */
  end(): void {
    if (this.partial) this.accept(this.partial);
    this.partial = "";
  }

  text(count = this.capacity): string {
    return this.lines.slice(-count).join("\n");
  }

  private accept(raw: string): void {
    const line = raw.trimEnd();
    if (!this.onLine(line) || line.length === 0) return;
    this.lines.push(cutLine(line));
    if (this.lines.length > this.capacity) this.lines.shift();
  }
}
