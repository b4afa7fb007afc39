/**
 * CSV for spreadsheets (RFC 4180 quoting, CRLF rows, UTF-8 with a byte-order mark so
 * Excel reads accents and non-Latin names correctly instead of guessing a legacy code page).
 *
 * Formula injection: a spreadsheet evaluates a text cell that starts with = + - @ (and, in
 * some versions, a tab or carriage return) as a formula, so a learner named
 * `=HYPERLINK(...)` could run a formula on the instructor's machine. Following the OWASP
 * "CSV Injection" guidance (https://owasp.org/www-community/attacks/CSV_Injection), such
 * text cells are prefixed with a single quote, which spreadsheets show as plain text.
 * Numbers are written as numbers: a negative score is data, not a formula.
 */
export type CsvCell = string | number | boolean | null | undefined;

/** The byte-order mark that tells spreadsheets the file is UTF-8. */
export const UTF8_BOM = "\uFEFF";

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell, neutralised against formulas and quoted when needed. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole file: header plus rows, CRLF line ends, with the UTF-8 BOM. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(","));
  return `${UTF8_BOM}${lines.join("\r\n")}\r\n`;
}

/**
 * Parses CSV text written by `toCsv` (or any RFC 4180 file) back into rows. Used by tests
 * and the e2e check of the download; strips a leading BOM.
 */
export function parseCsv(text: string): string[][] {
  const src = text.startsWith(UTF8_BOM) ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && src[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += ch;
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
