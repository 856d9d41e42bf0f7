/**
 * Spreadsheets as the provincial office sends them and as administrators download them: CSV or
 * XLSX bytes in, string cells out, and back. What the columns mean is decided by the callers.
 *
 * Files come from Excel on Windows desk PCs, from LibreOffice, from web systems' exports, so the
 * reading side is forgiving about encodings and delimiters but strict about what is not a
 * spreadsheet at all. The writing side makes files that Excel opens with Vietnamese intact and
 * that cannot run a formula, and that this module reads back to the same cells.
 */
import Papa from 'papaparse';
import readXlsxFile from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';
import { neutralizeFormula } from '$lib/domain/formula';
import { inflateRawSync } from 'node:zlib';

export const MAX_SPREADSHEET_BYTES = 5 * 1024 * 1024;

/** Every cell a string, trimmed, NFC-normalised; fully empty trailing rows dropped; rows may have different lengths. */
export interface Sheet {
	name: string;
	rows: string[][];
}

export type SpreadsheetFormat = 'csv' | 'xlsx';

export type ReadResult =
	| { ok: true; format: SpreadsheetFormat; sheets: Sheet[] }
	| { ok: false; reason: 'empty_file' | 'too_large' | 'not_a_spreadsheet' | 'legacy_xls' };

type Failure = Extract<ReadResult, { ok: false }>;
const fail = (reason: Failure['reason']): Failure => ({ ok: false, reason });

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
/** Compound File Binary: Excel 97–2003 .xls (and .doc); read-excel-file cannot read it. */
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const startsWith = (bytes: Uint8Array, signature: readonly number[]) =>
	bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);

/**
 * Reads an uploaded CSV or XLSX file into string cells. The content decides the format, not the
 * name: offices rename files freely, and an .xlsx saved as "CSV" by a web system is common.
 */
export async function readSpreadsheet(bytes: Uint8Array, fileName: string): Promise<ReadResult> {
	// Before anything else, so an oversized upload costs no parsing.
	if (bytes.byteLength > MAX_SPREADSHEET_BYTES) return fail('too_large');
	if (bytes.byteLength === 0) return fail('empty_file');
	if (startsWith(bytes, ZIP_SIGNATURE)) return readXlsx(bytes);
	if (startsWith(bytes, OLE_SIGNATURE)) return fail('legacy_xls');
	// Named .xlsx but not a ZIP (a picture, a PDF renamed by hand): reading it as text would only
	// produce noise, or worse, a plausible-looking single column.
	if (/\.xlsx$/i.test(fileName.trim())) return fail('not_a_spreadsheet');
	return readCsv(bytes, fileName);
}

/**
 * What a workbook expands to. A province's lists are a few hundred kilobytes of XML; a ZIP
 * that claims far more (a "zip bomb") would exhaust the server's memory when read.
 */
export const MAX_EXPANDED_BYTES = 50 * 1024 * 1024;

/**
 * Whether the ZIP really expands within `limit` bytes. The sizes a ZIP declares can lie, so
 * each deflated entry is inflated here with a hard output cap before the reader sees it
 * (a province's lists inflate to a few megabytes: cheap). Null when no directory is found.
 */
export function expandsWithin(bytes: Uint8Array, limit: number): boolean | null {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	// The end-of-directory record sits in the last 22 bytes plus an optional comment (< 64 KB).
	for (let end = bytes.byteLength - 22; end >= Math.max(0, bytes.byteLength - 22 - 0xffff); end--) {
		if (view.getUint32(end, true) !== 0x06054b50) continue;
		const count = view.getUint16(end + 10, true);
		let at = view.getUint32(end + 16, true);
		let left = limit;
		for (let i = 0; i < count; i++) {
			if (at + 46 > bytes.byteLength || view.getUint32(at, true) !== 0x02014b50) return null;
			const method = view.getUint16(at + 10, true);
			const compressed = view.getUint32(at + 20, true);
			const local = view.getUint32(at + 42, true);
			if (local + 30 > bytes.byteLength) return null;
			const data = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
			const chunk = bytes.subarray(data, data + compressed);
			try {
				const size = method === 8 ? inflateRawSync(chunk, { maxOutputLength: left + 1 }).byteLength : chunk.byteLength;
				left -= size;
			} catch (err) {
				if (err instanceof RangeError) return false;
				return null;
			}
			if (left < 0) return false;
			at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
		}
		return true;
	}
	return null;
}

async function readXlsx(bytes: Uint8Array): Promise<ReadResult> {
	if (expandsWithin(bytes, MAX_EXPANDED_BYTES) === false) return fail('too_large');
	let workbook: Awaited<ReturnType<typeof readXlsxFile>>;
	try {
		// The node entry treats a plain Uint8Array as a *file path* (and throws); it wants a Buffer.
		// This one shares the memory, no copy.
		workbook = await readXlsxFile(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
	} catch {
		// A ZIP that is not a workbook (.docx, .odt, any archive) or a damaged one. The errors
		// thrown vary (InvalidInputError, InvalidSpreadsheetError, XML errors); for an upload
		// they all mean the same thing to the administrator.
		return fail('not_a_spreadsheet');
	}
	const sheets = workbook.map(({ sheet, data }) => ({
		name: sheet.normalize('NFC'),
		rows: tidyRows(data.map((row) => row.map(xlsxCellText)))
	}));
	return withData('xlsx', sheets);
}

/**
 * One XLSX value as the text a person sees, so a column reads the same whichever format the office
 * chose: numbers without a trailing ".0", booleans as Excel prints them (and writes them to CSV),
 * dates as ISO days (read-excel-file gives them as UTC midnight, so no time zone shifts the day).
 */
function xlsxCellText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return String(value);
	if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
	return String(value);
}

async function readCsv(bytes: Uint8Array, fileName: string): Promise<ReadResult> {
	const text = decodeText(bytes);
	// trim() also removes U+FEFF, so a file holding only a BOM counts as empty.
	if (text.trim() === '') return fail('empty_file');
	if (looksBinary(text)) return fail('not_a_spreadsheet');

	// Guess the delimiter on the first rows with blank lines skipped: papaparse counts a blank
	// line (one field) against every delimiter, and a short ";" file ending in a newline would
	// otherwise fall back to "," and come out as a single column.
	const guess = Papa.parse<string[]>(text, { preview: 20, skipEmptyLines: 'greedy', delimitersToGuess: [',', ';', '\t'] });
	// Then parse everything with blank lines kept, so row numbers match what the office sees.
	// Parse errors (an unclosed quote) are not fatal: papaparse keeps what it could read, and the
	// callers check the columns anyway.
	const parsed = Papa.parse<string[]>(text, { delimiter: guess.meta.delimiter, skipEmptyLines: false });
	return withData('csv', [{ name: sheetNameFromFile(fileName), rows: tidyRows(parsed.data) }]);
}

/**
 * Text as Vietnamese offices save it: UTF-8 (with a BOM from Excel's "CSV UTF-8", without from
 * most other tools), UTF-16 from Excel's "Unicode text", or Windows-1258 from older Excel "CSV".
 * Strict UTF-8 first: CP1258 bytes for Vietnamese letters are almost never valid UTF-8, so the
 * fallback triggers on exactly the files that need it.
 */
function decodeText(bytes: Uint8Array): string {
	if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return new TextDecoder('utf-8').decode(bytes.subarray(3));
	if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
	if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		// Every byte decodes in CP1258, so this never fails; binary is caught afterwards by looksBinary.
		// (Needs Node built with full ICU, the default; small-icu builds lack this label.)
		return new TextDecoder('windows-1258').decode(bytes);
	}
}

/**
 * Binary content decoded as text: any NUL, or more than 1% control characters (C0 other than tab
 * and line breaks, DEL, C1, and U+FFFD from damaged UTF-8). Real CSV text has next to none; a
 * picture or an executable decoded as CP1258 has about one in eight.
 */
function looksBinary(text: string): boolean {
	let controls = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 0) return true;
		if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f) || c === 0xfffd) controls++;
	}
	return controls > text.length / 100;
}

/** "C:\fakepath\Danh sách phường.csv" → "Danh sách phường" (old browsers send the full path; macOS sends NFD names). */
function sheetNameFromFile(fileName: string): string {
	const base = fileName.split(/[\\/]/).pop() ?? '';
	const dot = base.lastIndexOf('.');
	const stem = (dot > 0 ? base.slice(0, dot) : base).trim().normalize('NFC');
	return stem || 'Sheet1';
}

/**
 * Cells trimmed (NBSP too: trim() covers Unicode spaces), the export's formula guard undone, and
 * NFC-normalised: CP1258 and macOS produce decomposed tone marks, and "Hòa" must compare equal to
 * "Hòa" typed in the app. Trailing empty cells and trailing empty rows are dropped so that the
 * same data reads the same from CSV (ragged rows) and XLSX (rows padded to the widest one).
 */
function tidyRows(rows: readonly (readonly string[])[]): string[][] {
	const tidy = rows.map((row) => {
		const cells = row.map(tidyCell);
		let end = cells.length;
		while (end > 0 && cells[end - 1] === '') end--;
		return cells.slice(0, end);
	});
	let end = tidy.length;
	while (end > 0 && tidy[end - 1]!.length === 0) end--;
	return tidy.slice(0, end);
}

function tidyCell(cell: string): string {
	let text = cell.trim();
	// Undo neutralizeFormula so an exported file re-imports unchanged. A value that genuinely began
	// with "'=" loses its apostrophe; spreadsheets treat a leading apostrophe as markup anyway.
	// Tab and CR are included so that "\tx" exported as "'\tx" reads back as "x", like "\tx" itself.
	if (/^'[=+\-@\t\r]/.test(text)) text = text.slice(1).trim();
	return text.normalize('NFC');
}

/** A file whose every sheet is blank (",,,", an untouched workbook) has nothing to import. */
function withData(format: SpreadsheetFormat, sheets: Sheet[]): ReadResult {
	if (sheets.every((sheet) => sheet.rows.length === 0)) return fail('empty_file');
	return { ok: true, format, sheets };
}

// The rule lives in the domain: the import page builds its password list in the browser with it.
export { neutralizeFormula };

const UTF8_BOM = Uint8Array.of(0xef, 0xbb, 0xbf);

/**
 * CSV for Excel on Windows: UTF-8 with a BOM (without it Excel assumes the ANSI code page and
 * mangles Vietnamese), CRLF line ends, fields quoted only where needed (delimiter, quote, line
 * break, edge spaces), every cell formula-neutralised.
 */
export function toCsv(rows: readonly (readonly string[])[]): Uint8Array {
	const text = Papa.unparse(
		rows.map((row) => row.map(neutralizeFormula)),
		{ newline: '\r\n', quotes: false }
	);
	const body = new TextEncoder().encode(text);
	const out = new Uint8Array(UTF8_BOM.length + body.length);
	out.set(UTF8_BOM);
	out.set(body, UTF8_BOM.length);
	return out;
}

/**
 * An XLSX workbook, one sheet per entry. Every cell is written as a string (never a number, a
 * date or a formula), so "0912…" keeps its leading zero and nothing is evaluated; cells are
 * formula-neutralised too, in case someone saves the sheet as CSV later. Sheet names must follow
 * Excel's rules (1–31 characters, none of []/\:*?); write-excel-file throws otherwise.
 */
export async function toXlsx(sheets: readonly { name: string; rows: readonly (readonly string[])[] }[]): Promise<Uint8Array> {
	if (sheets.length === 0) throw new Error('an XLSX workbook needs at least one sheet');
	// A Buffer, which is a Uint8Array.
	return writeXlsxFile(
		sheets.map(({ name, rows }) => ({
			sheet: name,
			data: rows.map((row, r) =>
				row.map((cell) => ({ value: neutralizeFormula(cell), type: String, ...(r === 0 ? { fontWeight: 'bold' as const } : {}) }))
			),
			columns: columnWidths(rows)
		}))
	).toBuffer();
}

/** Widths in characters from the longest cell of each column, bounded so a long address does not make a column a screen wide. */
function columnWidths(rows: readonly (readonly string[])[]): { width: number }[] {
	const widths: number[] = [];
	for (const row of rows) {
		row.forEach((cell, c) => {
			widths[c] = Math.max(widths[c] ?? 0, cell.length);
		});
	}
	return Array.from(widths, (w) => ({ width: Math.min(60, Math.max(8, (w ?? 0) + 2)) }));
}
