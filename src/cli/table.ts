import pc from "picocolors";

export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  align?: "left" | "right";
  /** This column shrinks (with an ellipsis) to fit the terminal width. */
  flexible?: boolean;
}

/**
 * A plain aligned text table; no box drawing, so it pipes cleanly. On a terminal (or with
 * COLUMNS set) flexible columns shrink, widest first, so rows fit the width.
 */
export function renderTable<Row>(
  rows: Row[],
  columns: Column<Row>[],
  width = terminalWidth(),
): string {
  const cells = rows.map((row) => columns.map((column) => column.value(row).replace(/\s+/g, " ")));
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...cells.map((row) => [...row[index]!].length)),
  );
  const flexible = columns.flatMap((column, index) => (column.flexible ? [index] : []));
  let excess =
    widths.reduce((sum, value) => sum + value, 0) + 2 * (columns.length - 1) - (width ?? Infinity);
  while (excess > 0) {
    const widest = flexible.reduce<number | null>(
      (best, index) => (best === null || widths[index]! > widths[best]! ? index : best),
      null,
    );
    if (widest === null || widths[widest]! <= 12) break;
    widths[widest]!--;
    excess--;
  }
  const line = (values: string[]) =>
    values
      .map((value, index) => {
        const size = widths[index]!;
        const chars = [...value];
        const fitted = chars.length > size ? `${chars.slice(0, size - 1).join("")}…` : value;
        const pad = " ".repeat(Math.max(0, size - [...fitted].length));
        return columns[index]!.align === "right" ? pad + fitted : fitted + pad;
      })
      .join("  ")
      .trimEnd();
  return [pc.bold(line(columns.map((column) => column.header))), ...cells.map(line)].join("\n");
}

function terminalWidth(): number | null {
  if (process.stdout.isTTY && process.stdout.columns) return process.stdout.columns;
  const fromEnv = Number(process.env.COLUMNS);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : null;
}
