import { TIME_ZONE } from '$lib/domain/datetime';
import { requireAdmin } from '$lib/server/admin/authority';
import { peopleRows, wardRows } from '$lib/server/admin/export.service';
import { toCsv, toXlsx } from '$lib/server/admin/spreadsheet';
import { ApiError, endpoint } from '$lib/server/http/api';
import { getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The administrator's wards or people in the import format: `?what=wards|people|all`,
 * `&format=csv|xlsx` (`all` is one workbook with both sheets).
 */
export const GET: RequestHandler = endpoint(async (event) => {
	const admin = requireAdmin(event);
	const what = event.url.searchParams.get('what');
	const format = event.url.searchParams.get('format') ?? 'xlsx';
	if (what !== 'wards' && what !== 'people' && what !== 'all') throw new ApiError(400, 'validation_failed', { field: 'what' });
	if (format !== 'csv' && format !== 'xlsx') throw new ApiError(400, 'validation_failed', { field: 'format' });
	if (what === 'all' && format === 'csv') throw new ApiError(400, 'validation_failed', { field: 'format' });

	const db = getDb();
	const sheets = [
		...(what !== 'people' ? [{ name: 'Phường', rows: await wardRows(db, admin) }] : []),
		...(what !== 'wards' ? [{ name: 'Người dùng', rows: await peopleRows(db, admin) }] : [])
	];
	// The date in the file name is the administrator's (Vietnam's), not UTC's.
	const day = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date());
	const base = { wards: 'danh-sach-phuong', people: 'danh-sach-nguoi-dung', all: 'danh-sach-phuong-va-nguoi-dung' }[what];
	const bytes = format === 'csv' ? toCsv(sheets[0]!.rows) : await toXlsx(sheets);
	return new Response(bytes as BodyInit, {
		headers: {
			'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE,
			'content-disposition': `attachment; filename="${base}-${day}.${format}"`,
			'cache-control': 'no-store'
		}
	});
});
