// Writes the example files offered on the import page (/quan-tri/nhap-du-lieu), all from the
// one data set below, so the CSVs and the workbook never drift apart:
//   static/mau/danh-sach-phuong.csv, static/mau/danh-sach-nguoi-dung.csv  (UTF-8 + BOM, CRLF)
//   static/mau/mau-nhap-danh-sach.xlsx                                    (sheets "Phường", "Người dùng")
// Headers come from the import format itself, and the data is checked by the importer's own
// planner against the demo (province Nghệ An, ward Thái Hòa) before anything is written.
// Re-run after changing the format:  node --import tsx scripts/make-import-examples.mjs
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import writeExcelFile from 'write-excel-file/node';
import { PEOPLE_COLUMNS, WARD_COLUMNS, planImport } from '../src/lib/domain/onboarding.ts';

const outDir = fileURLToPath(new URL('../static/mau/', import.meta.url));
const HOURS = 'Thứ Hai – Thứ Sáu: 7:00 – 11:30 và 13:30 – 17:00; sáng Thứ Bảy: 7:30 – 11:30';

/** Keyed by WARD_COLUMNS' keys. */
const wards = [
	{
		province: 'Nghệ An',
		name: 'Phường Trường Vinh',
		slug: 'phuong-truong-vinh',
		serviceCenterName: 'Trung tâm Phục vụ hành chính công phường Trường Vinh',
		address: 'Số 3 đường Trường Thi, phường Trường Vinh, tỉnh Nghệ An',
		openingHours: HOURS,
		hotline: '0238 3861 234',
		zalo: 'https://zalo.me/g/ungcuu-truongvinh',
		email: 'motcua.truongvinh@nghean.example'
	},
	{
		province: 'Nghệ An',
		name: 'Phường Cửa Lò',
		slug: 'phuong-cua-lo',
		serviceCenterName: 'Trung tâm Phục vụ hành chính công phường Cửa Lò',
		address: 'Số 10 đường Bình Minh, phường Cửa Lò, tỉnh Nghệ An',
		openingHours: HOURS,
		hotline: '0238 3824 115',
		zalo: 'https://zalo.me/g/ungcuu-cualo',
		email: 'motcua.cualo@nghean.example'
	},
	{
		province: 'Nghệ An',
		name: 'Phường Hoàng Mai',
		slug: 'phuong-hoang-mai',
		serviceCenterName: 'Trung tâm Phục vụ hành chính công phường Hoàng Mai',
		address: 'Khối 5, phường Hoàng Mai, tỉnh Nghệ An',
		openingHours: 'Thứ Hai – Thứ Sáu: 7:00 – 11:30 và 13:30 – 17:00',
		hotline: '0238 3866 210',
		zalo: 'https://zalo.me/g/ungcuu-hoangmai',
		email: 'motcua.hoangmai@nghean.example'
	}
];

/** Keyed by PEOPLE_COLUMNS' keys: one leader per ward, at most one deputy. */
const people = [
	{ unit: 'Phường Trường Vinh', fullName: 'Nguyễn Thị Hồng Nhung', username: 'tv.nhung', role: 'Cán bộ Một cửa', lead: '', phone: '0912 345 678', email: 'nhung.nth@nghean.example' },
	{ unit: 'Phường Trường Vinh', fullName: 'Trần Quốc Hưng', username: 'tv.hung', role: 'Tổ Ứng cứu', lead: 'Tổ trưởng', phone: '0983 214 567', email: '' },
	{ unit: 'Phường Trường Vinh', fullName: 'Lê Thị Mai', username: 'tv.mai', role: 'Tổ Ứng cứu', lead: 'Tổ phó', phone: '0905 112 233', email: '' },
	{ unit: 'Phường Cửa Lò', fullName: 'Phạm Thị Thu Trang', username: 'cl.trang', role: 'Cán bộ Một cửa', lead: '', phone: '0868 203 145', email: 'trang.ptt@nghean.example' },
	{ unit: 'Phường Cửa Lò', fullName: 'Hồ Đức Thắng', username: 'cl.thang', role: 'Tổ Ứng cứu', lead: 'Tổ trưởng', phone: '0976 554 321', email: '' },
	{ unit: 'Phường Cửa Lò', fullName: 'Võ Văn Lâm', username: 'cl.lam', role: 'Tổ Ứng cứu', lead: '', phone: '0349 870 112', email: '' },
	{ unit: 'Phường Hoàng Mai', fullName: 'Đặng Thị Lan', username: 'hm.lan', role: 'Cán bộ Một cửa', lead: '', phone: '0915 678 902', email: 'lan.dt@nghean.example' },
	{ unit: 'Phường Hoàng Mai', fullName: 'Nguyễn Văn Quyết', username: 'hm.quyet', role: 'Tổ Ứng cứu', lead: 'Tổ trưởng', phone: '0387 456 120', email: '' }
];

const table = (columns, records) => [columns.map((c) => c.header), ...records.map((r) => columns.map((c) => r[c.key] ?? ''))];
const wardRows = table(WARD_COLUMNS, wards);
const peopleRows = table(PEOPLE_COLUMNS, people);

// The examples must import cleanly into the demo: a broken example teaches the wrong format.
const plan = planImport(
	[
		{ file: 'danh-sach-phuong.csv', sheet: 'Phường', rows: wardRows },
		{ file: 'danh-sach-nguoi-dung.csv', sheet: 'Người dùng', rows: peopleRows }
	],
	{
		provinces: [{ id: 'p', name: 'Nghệ An', slug: 'nghe-an' }],
		units: [],
		takenSlugs: new Set(['nghe-an', 'phuong-thai-hoa', 'doi-ung-cntt-nghe-an']),
		takenUsernames: new Set(['motcua', 'totruong', 'ungcuu', 'tinh', 'doanhnghiep', 'quantri'])
	}
);
if (plan.problems.length > 0) {
	console.error(plan.problems);
	process.exit(1);
}

/** RFC 4180, CRLF, with a BOM so that Excel on Windows reads the Vietnamese as UTF-8. */
function csv(rows) {
	const field = (cell) => (/[",\r\n]|^\s|\s$/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
	return '\uFEFF' + rows.map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

/** Every cell typed as text, so that Excel keeps "0912 345 678" and the leading zero. */
function sheet(name, rows) {
	return {
		sheet: name,
		data: rows.map((row, r) => row.map((value) => ({ value, type: String, ...(r === 0 ? { fontWeight: 'bold' } : {}) }))),
		columns: rows[0].map((_, c) => ({ width: Math.min(60, Math.max(12, ...rows.map((row) => row[c].length + 2))) })),
		stickyRowsCount: 1
	};
}

await mkdir(outDir, { recursive: true });
await writeFile(`${outDir}danh-sach-phuong.csv`, csv(wardRows));
await writeFile(`${outDir}danh-sach-nguoi-dung.csv`, csv(peopleRows));
await writeFile(`${outDir}mau-nhap-danh-sach.xlsx`, await writeExcelFile([sheet('Phường', wardRows), sheet('Người dùng', peopleRows)]).toBuffer());
console.info(`Wrote ${wards.length} wards and ${people.length} people to ${outDir}`);
