/**
 * CSV injection (OWASP): a cell that starts with = + - @ tab or CR is read as a formula when
 * Excel or LibreOffice opens the file, so a name typed as "=HYPERLINK(…)" could run on the
 * administrator's PC. Such a cell gets a leading apostrophe, which spreadsheets show as text.
 * Phone numbers written "+84…" are caught too; the importer strips the apostrophe again.
 */
export function neutralizeFormula(cell: string): string {
	return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
