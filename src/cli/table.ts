import pc from "picocolors";

export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  align?: "left" | "right";
  /** This column shrinks (with an ellipsis) to fit the terminal width. */
  flexible?: boolean;
}

/** A plain aligned text table that fits the terminal; no box drawing, so it pipes cleanly. */
export function renderTable<Row>(
  rows: Row[],
  columns: Column<Row>[],
  width = process.stdout.columns ?? 120,
): string {
  const cells = rows.map((row) => columns.map((column) => column.value(row).replace(/\s+/g, " ")));
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...cells.map((row) => [...row[index]!].length)),
  );
  const total = widths.reduce((sum, value) => sum + value, 0) + 2 * (columns.length - 1);
  const flexible = columns.findIndex((column) => column.flexible);
  if (flexible >= 0 && total > width) {
    widths[flexible] = Math.max(
      columns[flexible]!.header.length,
      12,
      widths[flexible]! - (total - width),
    );
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
