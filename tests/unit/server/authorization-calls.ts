/**
 * How the authorisation matrix calls each endpoint: the cheapest request that the endpoint
 * would accept from a caller who may make it, aimed at the row's target. Every endpoint of
 * the table has its entry here (the type says so).
 */
import { createECDH, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { IncidentEventInput } from '$lib/domain/lifecycle';
import { units, users } from '$lib/server/db/schema';
import { sha256Hex } from '$lib/server/files/blob-store';
import type { Endpoint, MatrixRole, MatrixRow } from './authorization-matrix';
import { ATTACHMENT, FORM_PDF, invoke, NOTICE_AUDIO, unique, type Caller, type Invocation, type Target, type Ward, type World } from './authorization-world';
import * as uploadRoute from '../../../src/routes/api/uploads/[...path]/+server';
import { png, reportBody } from './incidents-fixture';
import { TEST_PASSWORD } from './test-db';

export interface Cell {
	row: MatrixRow;
	role: MatrixRole;
	caller: Caller | null;
	/** The row's shared target; null when this cell gets one of its own. */
	key: string | null;
}

export interface CallSpec {
	/** A successful call changes its target: such cells get a target of their own. */
	mutates?: (row: MatrixRow) => boolean;
	request(w: World, cell: Cell): Promise<Omit<Invocation, 'method'>>;
	/** For `listed` / `hidden`: whether the answer holds the place's target. */
	lists?(w: World, cell: Cell, response: Response): Promise<boolean>;
	/** Puts back what a successful call took away (the other cells count on it). */
	restore?(w: World, cell: Cell, status: number): Promise<void>;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const json = (body: unknown) => ({ body: JSON.stringify(body), headers: JSON_TYPE });
const always = () => true;

function ward(row: MatrixRow): Ward {
	if (row.place === 'home' || row.place === 'sibling' || row.place === 'foreign') return row.place;
	if (row.place === 'notEscalated') return 'home';
	throw new Error(`${row.endpoint}: the place "${row.place}" names no ward`);
}

const readTarget = (w: World, row: MatrixRow): Target => w.readTargets[row.place === 'notEscalated' ? 'notEscalated' : ward(row)];

/** The unit a row aims at: the place's ward, or its province or IT team. */
function unitOf(w: World, row: MatrixRow) {
	const place = ward(row);
	if (row.target === 'province') return w.province(place);
	if (row.target === 'it team') return w.itTeam(place);
	return w.ward(place);
}

/** A desk officer of the place's ward, or its province's Working Group member. */
function subject(w: World, row: MatrixRow): Caller {
	const place = ward(row);
	if (row.target === 'province person') return place === 'foreign' ? w.people.provinceQ : w.callers.province!;
	return place === 'home' ? w.people.colleague : w.reporter(place);
}

async function items<T>(response: Response): Promise<T[]> {
	return ((await response.json()) as { items: T[] }).items;
}
const hasId = (id: string) => async (_w: World, _c: Cell, response: Response) => (await items<{ id: string }>(response)).some((i) => i.id === id);

// --- Incident actions ---------------------------------------------------------------------

/** Actions that add to the record without changing what anyone decides on. */
const RECORD_ONLY = new Set(['comment', 'outage_times']);
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

function eventTarget(w: World, cell: Cell): Promise<Target> {
	const { row } = cell;
	const place = ward(row);
	if (row.target === 'device id used') return w.once(cell.key, () => w.incidentWithUsedId(place));
	return w.once(cell.key, () => w.incident(place, row.state ?? 'escalated', { colleague: row.target === 'colleague' }));
}

async function eventBody(w: World, row: MatrixRow, target: Target): Promise<IncidentEventInput> {
	const place = ward(row);
	switch (row.event) {
		case 'assign':
			return { type: 'assign', assigneeId: w.teamMember(place).user.id };
		case 'comment':
			return { type: 'comment', note: 'Đang kiểm tra đường truyền', ...(target.usedEventId && { id: target.usedEventId }) };
		case 'reclassify':
			return { type: 'reclassify', complexity: 'simple' };
		case 'resolve':
			return { type: 'resolve', note: 'Đã thay dây mạng' };
		case 'reopen':
			return { type: 'reopen', note: 'Lại mất mạng' };
		case 'merge':
			return { type: 'merge', targetId: await w.mergeTarget(place) };
		case 'outage_times':
			return { type: 'outage_times', from: minutesAgo(40), to: minutesAgo(5) };
		case undefined:
			throw new Error('an events row without its event');
		default:
			return { type: row.event };
	}
}

// --- Attachments and uploads --------------------------------------------------------------

const OTHER_BYTES = png(256, 9);

function attachmentPut(reportId: string, attachmentId: string, bytes: Uint8Array) {
	const query = `name=anh-loi.png&type=image/png&sha256=${sha256Hex(bytes)}`;
	return {
		path: `/api/incidents/${reportId}/attachments/${attachmentId}?${query}`,
		params: { id: reportId, attachmentId },
		body: bytes as BodyInit,
		headers: { 'content-type': 'image/png', 'content-length': String(bytes.byteLength) }
	};
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const TUS = { 'tus-resumable': '1.0.0' };

function uploadCreate(reportId: string) {
	const metadata = { incidentId: reportId, attachmentId: uuidv7(), name: 'quay-man-hinh.png', type: 'image/png', sha256: sha256Hex(ATTACHMENT) };
	return {
		path: '/api/uploads',
		params: { path: '' },
		headers: {
			...TUS,
			'upload-length': String(ATTACHMENT.byteLength),
			'upload-metadata': Object.entries(metadata).map(([k, v]) => `${k} ${b64(v)}`).join(',')
		}
	};
}

/** An upload the desk officer began for the home ward's report (its bytes not sent yet). */
function ownUpload(w: World, cell: Cell): Promise<string> {
	return w.once(cell.key, async () => {
		const created = await invoke(uploadRoute.POST, w.callers.desk, { method: 'POST', ...uploadCreate(w.readTargets.home.reportId) });
		const location = created.headers.get('location');
		if (created.status !== 201 || !location) throw new Error(`tus create: ${created.status} ${await created.text()}`);
		return location.split('/').pop()!;
	});
}

async function uploadAt(w: World, cell: Cell, headers: Record<string, string> = {}, body?: BodyInit) {
	const id = await ownUpload(w, cell);
	return { path: `/api/uploads/${id}`, params: { path: id }, headers: { ...TUS, ...headers }, body };
}

// --- Push subscriptions -------------------------------------------------------------------

function pushSubscription() {
	const ecdh = createECDH('prime256v1');
	ecdh.generateKeys();
	return {
		endpoint: `https://fcm.googleapis.com/fcm/send/${unique('thiet-bi')}`,
		keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') }
	};
}

async function versionOf(w: World, table: typeof units | typeof users, id: string): Promise<number> {
	const [found] = await w.db.select({ version: table.version }).from(table).where(eq(table.id, id));
	return found!.version;
}

const adminUnitPath = (w: World, row: MatrixRow) => {
	const id = unitOf(w, row).id;
	return { path: `/api/admin/units/${id}`, params: { id } };
};

function contactPath(w: World, row: MatrixRow, contactId: string) {
	const unitId = row.target === 'contact of another unit' ? w.units.A.id : w.ward(ward(row)).id;
	return { path: `/api/admin/units/${unitId}/contacts/${contactId}`, params: { id: unitId, contactId } };
}

const CONTACT = { kind: 'hotline', label: 'Đường dây nóng', value: '0238 3844 555' };

const publicWard = (w: World, row: MatrixRow, tail = '') => {
	const slug = w.ward(ward(row)).slug;
	return { path: `/api/public/wards/${slug}${tail}`, params: { slug } };
};

export const CALLS: Record<Endpoint, CallSpec> = {
	'GET /api/health': { request: async () => ({ path: '/api/health' }) },
	'HEAD /api/health': { request: async () => ({ path: '/api/health' }) },
	'POST /api/session': {
		request: async (_w, { caller }) => ({
			path: '/api/session',
			...json(caller ? { username: caller.user.username, password: TEST_PASSWORD } : { username: 'khong-co-ai', password: 'sai-mat-khau' })
		})
	},
	'DELETE /api/session': { request: async () => ({ path: '/api/session' }) },
	'GET /api/me': { request: async () => ({ path: '/api/me' }) },
	'PATCH /api/me': { request: async () => ({ path: '/api/me', ...json({ locale: 'vi' }) }) },
	'POST /api/me/password': {
		request: async () => ({ path: '/api/me/password', ...json({ currentPassword: TEST_PASSWORD, newPassword: 'mat-khau-moi-cua-toi' }) }),
		// The password the world signs in with.
		restore: async (w, { caller }, status) => {
			if (caller && status === 204) await w.db.update(users).set({ passwordHash: caller.user.passwordHash }).where(eq(users.id, caller.user.id));
		}
	},
	'GET /api/me/notifications': { request: async () => ({ path: '/api/me/notifications' }) },
	'PUT /api/me/notifications': { request: async () => ({ path: '/api/me/notifications', ...json({ channel: 'email', enabled: true }) }) },
	'PUT /api/me/notifications/push': { request: async () => ({ path: '/api/me/notifications/push', ...json(pushSubscription()) }) },
	'DELETE /api/me/notifications/push': {
		request: async () => ({ path: '/api/me/notifications/push', ...json({ endpoint: pushSubscription().endpoint }) })
	},
	'POST /api/me/notifications/test': { request: async () => ({ path: '/api/me/notifications/test' }) },
	'GET /api/stream': { request: async () => ({ path: '/api/stream' }) },
	'fallback /api/{...rest}': { request: async () => ({ path: '/api/khong-co-gi', params: { rest: 'khong-co-gi' } }) },

	'GET /api/public/wards': { request: async () => ({ path: '/api/public/wards' }) },
	'GET /api/public/wards/{slug}': { request: async (w, { row }) => publicWard(w, row) },
	'GET /api/public/wards/{slug}/notice-audio/{version}': {
		request: async (w, { row }) => {
			const url = w.recordings[ward(row)];
			const version = url.split('/').pop()!;
			return { ...publicWard(w, row, `/notice-audio/${version}`), params: { slug: w.ward(ward(row)).slug, version } };
		}
	},
	'GET /api/public/wards/{slug}/status-qr.svg': { request: async (w, { row }) => publicWard(w, row, '/status-qr.svg') },
	'GET /api/public/checklist-qr.svg': { request: async () => ({ path: '/api/public/checklist-qr.svg' }) },
	'GET /api/public/procedures': { request: async () => ({ path: '/api/public/procedures' }) },
	'GET /api/public/procedures/{id}/files/{fileId}': {
		request: async (w) => ({
			path: `/api/public/procedures/${w.procedureId}/files/${w.formFileId}`,
			params: { id: w.procedureId, fileId: w.formFileId }
		})
	},

	'GET /api/units': {
		request: async () => ({ path: '/api/units' }),
		lists: (w, cell, response) => hasId(w.ward(ward(cell.row)).id)(w, cell, response)
	},
	'GET /api/units/{id}': {
		request: async (w, { row }) => {
			const id = unitOf(w, row).id;
			return { path: `/api/units/${id}`, params: { id } };
		}
	},
	'PUT /api/units/{id}/notice': {
		request: async (w, { row }) => {
			const id = w.ward(ward(row)).id;
			return { path: `/api/units/${id}/notice`, params: { id }, ...json({ text: null, estimatedWait: null }) };
		}
	},
	'GET /api/units/{id}/notice/audio': { request: async (w, { row }) => audioPath(w, row) },
	'PUT /api/units/{id}/notice/audio': {
		request: async (w, { row }) => ({
			...audioPath(w, row),
			body: NOTICE_AUDIO as BodyInit,
			headers: { 'content-type': 'audio/webm', 'content-length': String(NOTICE_AUDIO.byteLength) }
		})
	},
	'DELETE /api/units/{id}/notice/audio': {
		request: async (w, { row }) => audioPath(w, row),
		restore: async (w, { row }, status) => {
			if (status === 204) await w.record(ward(row));
		}
	},

	'GET /api/procedures/{id}': { request: async (w) => ({ path: `/api/procedures/${w.procedureId}`, params: { id: w.procedureId } }) },
	'PUT /api/procedures/{id}': {
		request: async (w) => ({
			path: `/api/procedures/${w.procedureId}`,
			params: { id: w.procedureId },
			...json({ name: 'Đăng ký khai sinh', tthcCode: null, receivedAt: null, fees: null, forms: [], documents: [] })
		})
	},
	'POST /api/procedures/{id}/files': {
		request: async (w) => {
			const form = new FormData();
			form.append('file', new File([FORM_PDF as BlobPart], 'to-khai.pdf', { type: 'application/pdf' }));
			return { path: `/api/procedures/${w.procedureId}/files`, params: { id: w.procedureId }, body: form };
		}
	},
	'DELETE /api/procedures/{id}/files/{fileId}': {
		mutates: always,
		request: async (w, cell) => {
			const fileId = await w.once(cell.key, () => w.formFile());
			return { path: `/api/procedures/${w.procedureId}/files/${fileId}`, params: { id: w.procedureId, fileId } };
		}
	},

	'PUT /api/incidents/{id}': {
		request: async (w, { row }) => {
			if (row.target === 'new id') {
				const id = uuidv7();
				const body = reportBody({ category: 'printer_jam', complexity: 'simple', scope: 'desk', impactLevel: 'slowed', description: 'Máy in kẹt giấy' });
				return { path: `/api/incidents/${id}`, params: { id }, ...json(body) };
			}
			const target = readTarget(w, row);
			return { path: `/api/incidents/${target.reportId}`, params: { id: target.reportId }, ...json(target.body) };
		}
	},
	'GET /api/incidents': {
		request: async () => ({ path: '/api/incidents?category=security_incident&limit=100' }),
		lists: (w, cell, response) => hasId(readTarget(w, cell.row).incidentId)(w, cell, response)
	},
	'GET /api/incidents/{id}': {
		request: async (w, { row }) => {
			const { incidentId: id } = readTarget(w, row);
			return { path: `/api/incidents/${id}`, params: { id } };
		}
	},
	'POST /api/incidents/{id}/events': {
		mutates: (row) => !RECORD_ONLY.has(row.event!),
		request: async (w, cell) => {
			const target = await eventTarget(w, cell);
			const id = target.incidentId;
			return { path: `/api/incidents/${id}/events`, params: { id }, ...json(await eventBody(w, cell.row, target)) };
		}
	},
	'GET /api/incidents/{id}/attachments/{attachmentId}': { request: async (w, { row }) => attachmentPath(readTarget(w, row)) },
	'HEAD /api/incidents/{id}/attachments/{attachmentId}': { request: async (w, { row }) => attachmentPath(readTarget(w, row)) },
	'PUT /api/incidents/{id}/attachments/{attachmentId}': {
		request: async (w, { row }) => {
			if (row.target === 'id taken') return attachmentPut(w.readTargets.home.reportId, readTarget(w, row).attachmentId!, OTHER_BYTES);
			return attachmentPut(readTarget(w, row).reportId, uuidv7(), ATTACHMENT);
		}
	},
	'POST /api/uploads/{...path}': { request: async (w, { row }) => uploadCreate(readTarget(w, row).reportId) },
	'HEAD /api/uploads/{...path}': { request: (w, cell) => uploadAt(w, cell) },
	'PATCH /api/uploads/{...path}': {
		mutates: always,
		request: (w, cell) =>
			uploadAt(w, cell, { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, ATTACHMENT as BodyInit)
	},
	'DELETE /api/uploads/{...path}': { mutates: always, request: (w, cell) => uploadAt(w, cell) },
	'OPTIONS /api/uploads/{...path}': { request: async () => ({ path: '/api/uploads', params: { path: '' }, headers: TUS }) },

	'GET /api/admin/deliveries': {
		request: async () => ({ path: '/api/admin/deliveries' }),
		lists: async (w, { row }, response) =>
			(await items<{ incidentId: string }>(response)).some((d) => d.incidentId === readTarget(w, row).incidentId)
	},
	'GET /api/admin/units': {
		request: async () => ({ path: '/api/admin/units' }),
		lists: (w, cell, response) => hasId(w.ward(ward(cell.row)).id)(w, cell, response)
	},
	'POST /api/admin/units': {
		request: async (w, { row }) => {
			if (row.target === 'new province') return { path: '/api/admin/units', ...json({ kind: 'province', name: unique('Tỉnh mới') }) };
			return { path: '/api/admin/units', ...json({ kind: 'ward', parentId: w.province(ward(row)).id, name: unique('Phường mới') }) };
		}
	},
	'GET /api/admin/units/{id}': { request: async (w, { row }) => adminUnitPath(w, row) },
	'PATCH /api/admin/units/{id}': {
		request: async (w, { row }) => ({ ...adminUnitPath(w, row), ...json({ version: await versionOf(w, units, unitOf(w, row).id) }) })
	},
	'DELETE /api/admin/units/{id}': {
		mutates: always,
		request: async (w, cell) => {
			const id = cell.row.target === 'unused ward' ? await w.once(cell.key, () => w.unusedWard(ward(cell.row))) : w.units.A.id;
			return { path: `/api/admin/units/${id}`, params: { id } };
		}
	},
	'PUT /api/admin/units/{id}/leadership': {
		request: async (w, { row }) => {
			const id = w.ward(ward(row)).id;
			return { path: `/api/admin/units/${id}/leadership`, params: { id }, ...json(w.leadership(ward(row))) };
		}
	},
	'GET /api/admin/units/{id}/contacts': { request: async (w, { row }) => contactsPath(w, row) },
	'POST /api/admin/units/{id}/contacts': { request: async (w, { row }) => ({ ...contactsPath(w, row), ...json(CONTACT) }) },
	'PUT /api/admin/units/{id}/contacts/{contactId}': {
		request: async (w, { row }) => {
			const contactId = row.target === 'contact of another unit' ? w.contacts.sibling : w.contacts[ward(row)];
			return { ...contactPath(w, row, contactId), ...json(CONTACT) };
		}
	},
	'DELETE /api/admin/units/{id}/contacts/{contactId}': {
		mutates: always,
		request: async (w, cell) => {
			const { row } = cell;
			const contactId = row.target === 'contact of another unit' ? w.contacts.sibling : await w.once(cell.key, () => w.contact(ward(row)));
			return contactPath(w, row, contactId);
		}
	},
	'GET /api/admin/users': {
		request: async () => ({ path: '/api/admin/users' }),
		lists: (w, cell, response) => hasId(subject(w, cell.row).user.id)(w, cell, response)
	},
	'POST /api/admin/users': {
		request: async (w, { row }) => ({
			path: '/api/admin/users',
			...json({ username: unique('nhan-vien'), fullName: 'Nhân viên mới', role: 'desk_officer', unitId: w.ward(ward(row)).id })
		})
	},
	'GET /api/admin/users/{id}': { request: async (w, { row }) => userPath(w, row) },
	'PATCH /api/admin/users/{id}': {
		request: async (w, { row }) => ({ ...userPath(w, row), ...json({ version: await versionOf(w, users, subject(w, row).user.id) }) })
	},
	'POST /api/admin/users/{id}/password': { request: async (w, { row }) => userPath(w, row, '/password') },
	'POST /api/admin/import': {
		request: async () => {
			const form = new FormData();
			form.append('mode', 'check');
			form.append('files', new File(['Tên phường\nPhường Mới Nhập\n'], 'danh-sach-phuong.csv', { type: 'text/csv' }));
			return { path: '/api/admin/import', body: form };
		}
	},
	'GET /api/admin/export': {
		request: async () => ({ path: '/api/admin/export?what=wards&format=csv' }),
		lists: async (w, { row }, response) => (await response.text()).includes(w.ward(ward(row)).name)
	},
	'GET /api/admin/audit': {
		request: async (w, { row }) => ({ path: `/api/admin/audit?entityId=${w.ward(ward(row)).id}` }),
		lists: async (_w, _c, response) => (await items(response)).length > 0
	}
};

function audioPath(w: World, row: MatrixRow) {
	const id = w.ward(ward(row)).id;
	return { path: `/api/units/${id}/notice/audio`, params: { id } };
}

function attachmentPath(target: Target) {
	const { incidentId: id, attachmentId } = target;
	return { path: `/api/incidents/${id}/attachments/${attachmentId}`, params: { id, attachmentId: attachmentId! } };
}

function contactsPath(w: World, row: MatrixRow) {
	const id = w.ward(ward(row)).id;
	return { path: `/api/admin/units/${id}/contacts`, params: { id } };
}

function userPath(w: World, row: MatrixRow, tail = '') {
	const id = subject(w, row).user.id;
	return { path: `/api/admin/users/${id}${tail}`, params: { id } };
}
