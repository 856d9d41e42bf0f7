/** Spreadsheet bytes in and out: real CSV encodings, real XLSX files, and what is not a spreadsheet. */
import Papa from 'papaparse';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import {
	expandsWithin,
	MAX_EXPANDED_BYTES,
	MAX_SPREADSHEET_BYTES,
	neutralizeFormula,
	readSpreadsheet,
	toCsv,
	toXlsx,
	type ReadResult
} from '$lib/server/admin/spreadsheet';

const utf8 = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: ArrayLike<number>[]) => Uint8Array.from(parts.flatMap((p) => Array.from(p)));
const BOM = [0xef, 0xbb, 0xbf];

/** The sheets of a successful read (fails the test with the reason otherwise). */
function sheetsOf(result: ReadResult) {
	if (!result.ok) throw new Error(`expected a spreadsheet, got ${result.reason}`);
	return result.sheets;
}

/** Bytes from ASCII runs and raw byte values, for legacy encodings written out by hand. */
const bytesOf = (...parts: (string | number)[]) =>
	Uint8Array.from(parts.flatMap((p) => (typeof p === 'number' ? [p] : Array.from(p, (c) => c.charCodeAt(0)))));

/** A minimal ZIP (stored entries, real CRCs): enough for read-excel-file to open it as an archive. */
function zipOf(entries: Record<string, string>): Uint8Array {
	const locals: Buffer[] = [];
	const central: Buffer[] = [];
	let offset = 0;
	for (const [fileName, text] of Object.entries(entries)) {
		const name = Buffer.from(fileName);
		const data = Buffer.from(text);
		const crc = crc32(data);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(data.length, 18);
		local.writeUInt32LE(data.length, 22);
		local.writeUInt16LE(name.length, 26);
		const entry = Buffer.alloc(46);
		entry.writeUInt32LE(0x02014b50, 0);
		entry.writeUInt16LE(20, 4);
		entry.writeUInt16LE(20, 6);
		entry.writeUInt32LE(crc, 16);
		entry.writeUInt32LE(data.length, 20);
		entry.writeUInt32LE(data.length, 24);
		entry.writeUInt16LE(name.length, 28);
		entry.writeUInt32LE(offset, 42);
		locals.push(local, name, data);
		central.push(entry, name);
		offset += local.length + name.length + data.length;
	}
	const directory = Buffer.concat(central);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(Object.keys(entries).length, 8);
	end.writeUInt16LE(Object.keys(entries).length, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

/** The text of every entry of a ZIP, found through its central directory and inflated with node:zlib. */
function unzipText(zip: Uint8Array): Map<string, string> {
	const buf = Buffer.from(zip);
	const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
	expect(eocd).toBeGreaterThan(0);
	const count = buf.readUInt16LE(eocd + 10);
	let p = buf.readUInt32LE(eocd + 16);
	const files = new Map<string, string>();
	for (let i = 0; i < count; i++) {
		expect(buf.readUInt32LE(p)).toBe(0x02014b50);
		const method = buf.readUInt16LE(p + 10);
		const size = buf.readUInt32LE(p + 20);
		const nameLength = buf.readUInt16LE(p + 28);
		const local = buf.readUInt32LE(p + 42);
		const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
		const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
		const data = buf.subarray(start, start + size);
		files.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
		p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
	}
	return files;
}

/** Deterministic noise (xorshift), so a failing "binary" case can be reproduced. */
function noise(length: number, seed = 0x9e3779b9): Uint8Array {
	const out = new Uint8Array(length);
	let x = seed;
	for (let i = 0; i < length; i++) {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		out[i] = x & 0xff;
	}
	return out;
}

afterEach(() => {
	vi.restoreAllMocks();
});

describe('CSV text in the encodings offices use', () => {
	const csv = 'Mã,Tên phường\r\n001,Phường Thái Hòa\r\n002,Phường Đông Ba\r\n';
	const expected = [
		['Mã', 'Tên phường'],
		['001', 'Phường Thái Hòa'],
		['002', 'Phường Đông Ba']
	];

	it('reads UTF-8 without a BOM, named after the file', async () => {
		const result = await readSpreadsheet(utf8(csv), 'Danh sách phường.csv');
		expect(result).toEqual({ ok: true, format: 'csv', sheets: [{ name: 'Danh sách phường', rows: expected }] });
	});

	it('reads UTF-8 with a BOM without leaving the BOM in the first cell', async () => {
		const sheets = sheetsOf(await readSpreadsheet(concat(BOM, utf8(csv)), 'phuong.csv'));
		expect(sheets[0]!.rows).toEqual(expected);
		expect(sheets[0]!.rows[0]![0]!.charCodeAt(0)).toBe('M'.charCodeAt(0));
	});

	it('reads Windows-1258 (combining tone marks) as NFC Vietnamese', async () => {
		// "Tên,Địa bàn\r\nPhường Thái Hòa,Huế\r\n" as old Excel saves it on a Vietnamese Windows:
		// ê=EA, Đ=D0, ư=FD, ơ=F5, and the tones as separate marks: grave=CC, acute=EC, hook=D2, dot below=F2.
		const bytes = bytesOf(
			'T', 0xea, 'n,', 0xd0, 'i', 0xf2, 'a b', 0xe0, 'n\r\n',
			'Ph', 0xfd, 0xf5, 0xcc, 'ng Tha', 0xec, 'i Ho', 0xcc, 'a,Hu', 0xea, 0xec, '\r\n'
		);
		// Not UTF-8, so the fallback is what reads it; and decoded as is, the text is decomposed.
		expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
		const raw = new TextDecoder('windows-1258').decode(bytes);
		expect(raw).not.toContain('Phường Thái Hòa');

		const sheets = sheetsOf(await readSpreadsheet(bytes, 'phuong-1258.csv'));
		expect(sheets[0]!.rows).toEqual([
			['Tên', 'Địa bàn'],
			['Phường Thái Hòa', 'Huế']
		]);
		expect(sheets[0]!.rows[1]![0]).toBe('Phường Thái Hòa'.normalize('NFC'));
	});

	it('reads Excel\'s "Unicode text": UTF-16LE with a BOM and tabs', async () => {
		const text = 'Họ và tên\tSố điện thoại\r\nNguyễn Thị Ánh\t0912345678\r\nTrần Văn Bình, Jr\t0987654321\r\n';
		const bytes = concat([0xff, 0xfe], Buffer.from(text, 'utf16le'));
		const sheets = sheetsOf(await readSpreadsheet(bytes, 'nguoi.txt'));
		expect(sheets[0]!.rows).toEqual([
			['Họ và tên', 'Số điện thoại'],
			['Nguyễn Thị Ánh', '0912345678'],
			['Trần Văn Bình, Jr', '0987654321']
		]);
	});

	it('reads UTF-16BE with a BOM', async () => {
		const le = Buffer.from('Tên\tMã\r\nPhường Vĩnh Ninh\t7\r\n', 'utf16le');
		const be = Buffer.from(le).swap16();
		const sheets = sheetsOf(await readSpreadsheet(concat([0xfe, 0xff], be), 'x.txt'));
		expect(sheets[0]!.rows).toEqual([
			['Tên', 'Mã'],
			['Phường Vĩnh Ninh', '7']
		]);
	});

	it('detects semicolons (Excel with Vietnamese regional settings), commas inside cells notwithstanding', async () => {
		const text = 'Mã;Tên;Địa chỉ\r\n1;Phường An Cựu;12, Lê Lợi, Huế\r\n';
		const sheets = sheetsOf(await readSpreadsheet(utf8(text), 'x.csv'));
		expect(sheets[0]!.rows).toEqual([
			['Mã', 'Tên', 'Địa chỉ'],
			['1', 'Phường An Cựu', '12, Lê Lợi, Huế']
		]);
	});

	it('detects a two-column semicolon file despite blank lines', async () => {
		// papaparse alone, counting blank lines as rows, falls back to "," on such a file.
		const text = 'Mã;Tên\r\n\r\n1;Phường A\r\n\r\n';
		const sheets = sheetsOf(await readSpreadsheet(utf8(text), 'x.csv'));
		expect(sheets[0]!.rows).toEqual([['Mã', 'Tên'], [], ['1', 'Phường A']]);
	});

	it('keeps commas, line breaks and doubled quotes inside quoted fields', async () => {
		const text = 'Tên,Địa chỉ,Ghi chú\r\n"Nguyễn, Văn An","Số 5\r\nLê Lợi","nói ""xin chào"""\r\nLê B,Huế,\r\n';
		const sheets = sheetsOf(await readSpreadsheet(utf8(text), 'x.csv'));
		expect(sheets[0]!.rows).toEqual([
			['Tên', 'Địa chỉ', 'Ghi chú'],
			['Nguyễn, Văn An', 'Số 5\r\nLê Lợi', 'nói "xin chào"'],
			['Lê B', 'Huế']
		]);
	});

	it('trims and NFC-normalises cells, keeps blank rows inside, drops them at the end', async () => {
		const nfd = 'Phường Thái Hòa'.normalize('NFD');
		expect(nfd).not.toBe('Phường Thái Hòa');
		const text = `  Tên  ,\u00a0Mã\u00a0\n${nfd},  7 ,,\n\n,,\nB,8\n,,\n\n   \n`;
		const sheets = sheetsOf(await readSpreadsheet(utf8(text), 'C:\\fakepath\\Danh sa\u0301ch.CSV'));
		expect(sheets[0]).toEqual({
			name: 'Danh sách',
			rows: [['Tên', 'Mã'], ['Phường Thái Hòa', '7'], [], [], ['B', '8']]
		});
	});
});

describe('formula neutralisation', () => {
	it('prefixes a quote to cells starting with = + - @ tab or CR, and nothing else', () => {
		expect(['=1+1', '+84912', '-2', '@SUM(A1)', '\tx', '\rx'].map(neutralizeFormula)).toEqual([
			"'=1+1",
			"'+84912",
			"'-2",
			"'@SUM(A1)",
			"'\tx",
			"'\rx"
		]);
		expect(['Phường 1', 'a=b', '0912345678', '', "'quoted", ' =x'].map(neutralizeFormula)).toEqual([
			'Phường 1',
			'a=b',
			'0912345678',
			'',
			"'quoted",
			' =x'
		]);
	});
});

describe('CSV export', () => {
	const rows = [
		['Tên', 'Điện thoại', 'Ghi chú', 'Công thức'],
		['Nguyễn Văn An', '+84912', '=1+1', '@SUM(A1)'],
		['Trần "Bé" Ba', '-2', 'Số 5, Lê Lợi\r\nHuế', ' cách '],
		['Chỉ một ô']
	];

	it('is UTF-8 with a BOM and CRLF, quotes only what needs it, and neutralises formulas', () => {
		const bytes = toCsv(rows);
		expect(Array.from(bytes.subarray(0, 3))).toEqual(BOM);
		const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3));
		expect(text).toBe(
			'Tên,Điện thoại,Ghi chú,Công thức\r\n' +
				"Nguyễn Văn An,'+84912,'=1+1,'@SUM(A1)\r\n" +
				'"Trần ""Bé"" Ba",\'-2,"Số 5, Lê Lợi\r\nHuế"," cách "\r\n' +
				'Chỉ một ô'
		);
		// No line break outside quotes other than CRLF.
		expect(text.replace(/"[^"]*"/g, '').replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
	});

	it('reads back to the same cells, formulas included, with the quotes removed', async () => {
		const result = await readSpreadsheet(toCsv(rows), 'xuat.csv');
		// Trimming on read is the one change: " cách " comes back as "cách".
		expect(sheetsOf(result)[0]!.rows).toEqual([rows[0], rows[1], ['Trần "Bé" Ba', '-2', 'Số 5, Lê Lợi\r\nHuế', 'cách'], rows[3]]);
	});
});

describe('XLSX', () => {
	const wards = [
		['Mã', 'Tên phường', 'Ghi chú'],
		['19810', 'Phường Thuận Hòa', 'Đã sáp nhập'],
		['19813', 'Phường Đông Ba'],
		['', 'Không mã', '']
	];
	const people = [
		['Họ và tên', 'Số điện thoại', 'Công thức'],
		['Nguyễn Thị Ánh', '0912345678', '=1+1'],
		['Trần Văn Bình', '+84912', '@SUM(A1)'],
		['Lê Cường', '-2', 'Số 5\nLê Lợi']
	];
	const workbook = [
		{ name: 'Phường', rows: wards },
		{ name: 'Người dân', rows: people }
	];

	it('round-trips two named sheets of Vietnamese text, formulas and leading zeros included', async () => {
		const bytes = await toXlsx(workbook);
		expect(Array.from(bytes.subarray(0, 4))).toEqual([0x50, 0x4b, 0x03, 0x04]);
		const result = await readSpreadsheet(bytes, 'xuat.xlsx');
		expect(result).toEqual({
			ok: true,
			format: 'xlsx',
			sheets: [
				// The empty trailing cell of the last ward row is not kept.
				{ name: 'Phường', rows: [wards[0], wards[1], wards[2], ['', 'Không mã']] },
				{ name: 'Người dân', rows: people }
			]
		});
	});

	it('is recognised by its content whatever the name says', async () => {
		const bytes = await toXlsx(workbook);
		const result = await readSpreadsheet(bytes, 'danh-sach.csv');
		expect(result.ok && result.format).toBe('xlsx');
		expect(sheetsOf(result).map((s) => s.name)).toEqual(['Phường', 'Người dân']);
	});

	it('writes every cell as a shared string, never a formula, with the quote guard in the text', async () => {
		const files = unzipText(await toXlsx(workbook));
		const sheetXml = [...files].filter(([name]) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name)).map(([, xml]) => xml);
		expect(sheetXml).toHaveLength(2);
		for (const xml of sheetXml) {
			expect(xml).not.toMatch(/<f[\s>/]/);
			// Every cell is of type "s"; none is a number, boolean, inline formula string or date.
			const cells = xml.match(/<c\b[^>]*>/g) ?? [];
			expect(cells.length).toBeGreaterThan(0);
			for (const cell of cells) expect(cell).toMatch(/\bt="s"/);
		}
		const strings = files.get('xl/sharedStrings.xml')!;
		expect(strings).toContain("<t>'=1+1</t>");
		expect(strings).toContain("<t>'@SUM(A1)</t>");
		expect(strings).toContain('<t>0912345678</t>');
		expect(strings).toContain('Phường Thuận Hòa');
		// The header row is bold: its cells use a style that the data cells do not.
		const [first] = sheetXml;
		expect(first).toMatch(/<c r="A1" s="\d+"/);
		expect(first).not.toMatch(/<c r="A2" s="/);
	});

	it('turns numbers, booleans and dates from an office workbook into text', async () => {
		const buffer = await writeXlsxFile([
			[912345678, 0.5, -3, true, false, { value: new Date(Date.UTC(2024, 0, 15)), format: 'dd/mm/yyyy' }, null, 'x']
		]).toBuffer();
		const sheets = sheetsOf(await readSpreadsheet(new Uint8Array(buffer), 'so-lieu.xlsx'));
		expect(sheets).toEqual([{ name: 'Sheet1', rows: [['912345678', '0.5', '-3', 'TRUE', 'FALSE', '2024-01-15', '', 'x']] }]);
	});

	it('a workbook with nothing in it is an empty file', async () => {
		const bytes = await toXlsx([{ name: 'Trống', rows: [[], ['', '  ']] }]);
		expect(await readSpreadsheet(bytes, 'trong.xlsx')).toEqual({ ok: false, reason: 'empty_file' });
	});
});

describe('what is not a spreadsheet', () => {
	it('a .docx-like ZIP, any other ZIP, or a broken one', async () => {
		const docx = zipOf({
			'[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
			'_rels/.rels': '<?xml version="1.0"?><Relationships/>',
			'word/document.xml': '<?xml version="1.0"?><w:document/>'
		});
		const archive = zipOf({ 'ghi-chu.txt': 'Phường Thái Hòa' });
		const broken = concat([0x50, 0x4b, 0x03, 0x04], noise(200));
		expect(await readSpreadsheet(docx, 'bao-cao.xlsx')).toEqual({ ok: false, reason: 'not_a_spreadsheet' });
		expect(await readSpreadsheet(archive, 'tai-lieu.zip')).toEqual({ ok: false, reason: 'not_a_spreadsheet' });
		expect(await readSpreadsheet(broken, 'hong.xlsx')).toEqual({ ok: false, reason: 'not_a_spreadsheet' });
	});

	it('a PNG, or any text, named .xlsx', async () => {
		const png = concat([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52], noise(64));
		expect(await readSpreadsheet(png, 'anh.xlsx')).toEqual({ ok: false, reason: 'not_a_spreadsheet' });
		// The same text is a fine CSV under its own name.
		expect(await readSpreadsheet(utf8('a,b\r\n1,2\r\n'), 'doi-ten.XLSX')).toEqual({ ok: false, reason: 'not_a_spreadsheet' });
		expect((await readSpreadsheet(utf8('a,b\r\n1,2\r\n'), 'doi-ten.csv')).ok).toBe(true);
	});

	it('an Excel 97–2003 file (OLE) is legacy_xls, whatever its name', async () => {
		const ole = concat([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], noise(504));
		expect(await readSpreadsheet(ole, 'danh-sach.xls')).toEqual({ ok: false, reason: 'legacy_xls' });
		expect(await readSpreadsheet(ole, 'danh-sach.csv')).toEqual({ ok: false, reason: 'legacy_xls' });
	});

	it('binary named .csv: with NUL bytes, or without but full of control characters', async () => {
		const blob = noise(4096);
		expect(blob.includes(0)).toBe(true);
		expect(await readSpreadsheet(blob, 'du-lieu.csv')).toEqual({ ok: false, reason: 'not_a_spreadsheet' });
		const noNul = blob.map((b) => b || 1);
		expect(noNul.includes(0)).toBe(false);
		expect(await readSpreadsheet(noNul, 'du-lieu.csv')).toEqual({ ok: false, reason: 'not_a_spreadsheet' });
	});

	it('empty: no bytes, only whitespace, only a BOM, or only empty cells', async () => {
		for (const bytes of [
			new Uint8Array(0),
			utf8('  \r\n\t\r\n'),
			Uint8Array.from(BOM),
			concat(BOM, utf8('\r\n')),
			Uint8Array.of(0xff, 0xfe),
			utf8(',,,\r\n , ,\r\n')
		]) {
			expect(await readSpreadsheet(bytes, 'trong.csv')).toEqual({ ok: false, reason: 'empty_file' });
		}
	});

	it('refuses a small XLSX that would inflate past the limit, whatever size it declares', async () => {
		// 60 MB of spaces deflate to about 60 KB; the directory claims a harmless 1 KB.
		const data = deflateRawSync(Buffer.alloc(60 * 1024 * 1024, 0x20));
		const name = Buffer.from('xl/worksheets/sheet1.xml');
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(8, 8);
		local.writeUInt32LE(data.length, 18);
		local.writeUInt32LE(1024, 22);
		local.writeUInt16LE(name.length, 26);
		const entry = Buffer.alloc(46);
		entry.writeUInt32LE(0x02014b50, 0);
		entry.writeUInt16LE(8, 10);
		entry.writeUInt32LE(data.length, 20);
		entry.writeUInt32LE(1024, 24);
		entry.writeUInt16LE(name.length, 28);
		const end = Buffer.alloc(22);
		end.writeUInt32LE(0x06054b50, 0);
		end.writeUInt16LE(1, 8);
		end.writeUInt16LE(1, 10);
		end.writeUInt32LE(46 + name.length, 12);
		end.writeUInt32LE(30 + name.length + data.length, 16);
		const bomb = new Uint8Array(Buffer.concat([local, name, data, entry, name, end]));
		expect(bomb.byteLength).toBeLessThan(MAX_SPREADSHEET_BYTES);
		expect(expandsWithin(bomb, MAX_EXPANDED_BYTES)).toBe(false);
		expect(await readSpreadsheet(bomb, 'danh-sach.xlsx')).toEqual({ ok: false, reason: 'too_large' });
		// A real workbook passes the same check.
		expect(expandsWithin(await toXlsx([{ name: 'Phường', rows: [['Tên phường'], ['Phường Thái Hòa']] }]), MAX_EXPANDED_BYTES)).toBe(true);
	});

	it('over 5 MB is too_large before any parsing; exactly 5 MB is read', async () => {
		const parse = vi.spyOn(Papa, 'parse');
		const line = utf8('Phường,1\r\n');
		const big = new Uint8Array(MAX_SPREADSHEET_BYTES + 1).fill(0x20);
		for (let i = 0; i + line.length <= big.length; i += line.length) big.set(line, i);
		expect(await readSpreadsheet(big, 'lon.csv')).toEqual({ ok: false, reason: 'too_large' });
		// Even an XLSX signature is not looked into.
		big.set([0x50, 0x4b, 0x03, 0x04]);
		expect(await readSpreadsheet(big, 'lon.xlsx')).toEqual({ ok: false, reason: 'too_large' });
		expect(parse).not.toHaveBeenCalled();

		const justUnder = new Uint8Array(MAX_SPREADSHEET_BYTES).fill(0x20);
		justUnder.set(utf8('Mã,Tên\r\n'));
		const result = await readSpreadsheet(justUnder, 'vua.csv');
		expect(sheetsOf(result)[0]!.rows).toEqual([['Mã', 'Tên']]);
		expect(parse).toHaveBeenCalled();
	});
});
