/**
 * The world the authorisation matrix runs in (see authorization-matrix.ts for its shape),
 * built once, and the targets its rows act on.
 *
 * Reading rows share one target per place (`readTargets`). A row that changes its target
 * gets one shared target for the cells that must be refused, and a fresh one for each cell
 * that must succeed, so that no cell depends on another having run or not: the table may be
 * walked in any order. Incidents are made through the services the routes use (ingest, the
 * lifecycle's events) and their files through the upload route, not by writing rows by hand.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RequestEvent } from '@sveltejs/kit';
import { v7 as uuidv7 } from 'uuid';
import { incidentEventSchema, type IncidentEventInput } from '$lib/domain/lifecycle';
import { reportSchema, type ReportInput } from '$lib/domain/report';
import { recordAudit } from '$lib/server/admin/audit.service';
import { createSession } from '$lib/server/auth/session.service';
import { addFormFile } from '$lib/server/checklist/form-files.service';
import type { Database } from '$lib/server/db';
import { deliveries, procedures, units, type Unit } from '$lib/server/db/schema';
import { sha256Hex } from '$lib/server/files/blob-store';
import { applyEvent } from '$lib/server/incidents/events.service';
import { ingestReport } from '$lib/server/incidents/ingest.service';
import { saveNoticeVoice } from '$lib/server/org/notice-voice.service';
import { scopeOf } from '$lib/server/scope';
import { eq } from 'drizzle-orm';
import * as attachmentRoute from '../../../src/routes/api/incidents/[id]/attachments/[attachmentId]/+server';
import type { IncidentState, MatrixRole } from './authorization-matrix';
import { png, reportBody, runtime, type Person } from './incidents-fixture';
import { makeContact, makeItTeam, makeProvince, makeUser, makeWard, type MakeUserOptions } from './test-db';

/** A signed-in caller as the hooks would set it up: the user, their unit, scope and session. */
export interface Caller extends Person {
	unit: Unit | null;
	sessionId: string;
}

export type Ward = 'home' | 'sibling' | 'foreign';

/** An incident as the rows need it. */
export interface Target {
	incidentId: string;
	/** Its first report: the incident's id, the reporter's to add files to. */
	reportId: string;
	/** The report's body as filed, to send again. */
	body: ReportInput;
	/** A file its reporter attached (reading targets only). */
	attachmentId?: string;
	/** A device id its reporter's comment carried (`device id used`). */
	usedEventId?: string;
}

export const NOTICE_AUDIO = new Uint8Array(readFileSync(path.resolve('tests/fixtures/audio/tone.webm')));
export const FORM_PDF = new TextEncoder().encode('%PDF-1.4\n% mẫu tờ khai\n%%EOF\n');
export const ATTACHMENT = png(256, 3);

/** Two categories the covering IT teams take, neither grouped with others' reports. */
const READ_CATEGORY = 'security_incident';
const ACT_CATEGORY = 'internet_desk';

let counter = 0;
export const unique = (prefix: string) => `${prefix}-${process.pid}-${++counter}`;

export class World {
	readonly callers = {} as Record<MatrixRole, Caller | null>;
	readonly readTargets = {} as Record<Ward | 'notEscalated', Target>;
	readonly recordings = {} as Record<Ward, string>;
	readonly contacts = {} as Record<Ward, string>;
	procedureId = 'thu-tuc-ma-tran';
	formFileId = '';
	private cache = new Map<string, Promise<unknown>>();

	constructor(
		readonly db: Database,
		readonly units: { P: Unit; A: Unit; B: Unit; N: Unit; R: Unit; Q: Unit; C: Unit; NQ: Unit },
		readonly people: { colleague: Caller; deskB: Caller; leaderB: Caller; deskC: Caller; leaderC: Caller; provinceQ: Caller }
	) {}

	caller(role: MatrixRole): Caller | null {
		return this.callers[role];
	}

	ward(place: Ward): Unit {
		return { home: this.units.A, sibling: this.units.B, foreign: this.units.C }[place];
	}

	province(place: Ward): Unit {
		return place === 'foreign' ? this.units.Q : this.units.P;
	}

	itTeam(place: Ward): Unit {
		return place === 'foreign' ? this.units.NQ : this.units.N;
	}

	/** The desk officer who files the place's incidents (at home: the desk officer caller, or a colleague). */
	reporter(place: Ward, colleague = false): Caller {
		if (place === 'home') return colleague ? this.people.colleague : this.callers.desk!;
		return place === 'sibling' ? this.people.deskB : this.people.deskC;
	}

	/** The Working Group member who escalates the place's incidents. */
	escalator(place: Ward): Caller {
		return place === 'foreign' ? this.people.provinceQ : this.callers.province!;
	}

	/** A Response Team member of the place's ward (who may be assigned its incidents). */
	teamMember(place: Ward): Caller {
		return { home: this.callers.member!, sibling: this.people.leaderB, foreign: this.people.leaderC }[place];
	}

	/** The place's ward's leader and deputy as they stand (setting them again changes nothing). */
	leadership(place: Ward): { leaderId: string; deputyId: string | null } {
		if (place === 'home') return { leaderId: this.callers.leader!.user.id, deputyId: this.callers.deputy!.user.id };
		return { leaderId: (place === 'sibling' ? this.people.leaderB : this.people.leaderC).user.id, deputyId: null };
	}

	/** Made once per key; a null key makes a fresh one every time. */
	once<T>(key: string | null, make: () => Promise<T>): Promise<T> {
		if (key === null) return make();
		let made = this.cache.get(key) as Promise<T> | undefined;
		if (!made) {
			made = make();
			this.cache.set(key, made);
		}
		return made;
	}

	/** An incident of the place in `state`, filed by its reporter and escalated by its province. */
	async incident(place: Ward, state: IncidentState, options: { colleague?: boolean; category?: string } = {}): Promise<Target> {
		const reporter = this.reporter(place, options.colleague);
		const body = reportBody({
			category: (options.category ?? ACT_CATEGORY) as ReportInput['category'],
			complexity: 'complex',
			scope: 'desk',
			description: 'Máy tính quầy 3 mất kết nối mạng, các quầy khác vẫn dùng được'
		});
		const id = uuidv7();
		await ingestReport(this.db, { reportId: id, report: reportSchema.parse(body), reporter: reporter.user, wardId: reporter.user.unitId!, clockSkewMs: null });
		if (state !== 'reported') await this.act(this.escalator(place), id, { type: 'escalate' });
		if (state === 'resolved') await this.act(this.escalator(place), id, { type: 'resolve', note: 'Đã khởi động lại bộ định tuyến' });
		return { incidentId: id, reportId: id, body };
	}

	/** An open incident of the place's ward that a duplicate may be merged into. */
	mergeTarget(place: Ward): Promise<string> {
		return this.once(`merge-target:${place}`, async () => (await this.incident(place, 'reported')).incidentId);
	}

	/** An escalated incident on which its reporter commented under a device id. */
	async incidentWithUsedId(place: Ward): Promise<Target> {
		const target = await this.incident(place, 'escalated');
		const usedEventId = uuidv7();
		await this.act(this.reporter(place), target.incidentId, { type: 'comment', note: 'Vẫn chưa vào được mạng', id: usedEventId });
		return { ...target, usedEventId };
	}

	async act(by: Caller, id: string, body: IncidentEventInput): Promise<void> {
		await applyEvent(this.db, { user: by.user, scope: by.scope, id, body: incidentEventSchema.parse(body) });
	}

	/** A ward of the place's province that nobody has used. */
	async unusedWard(place: Ward): Promise<string> {
		return (await makeWard(this.db, this.province(place).id, { name: unique('Phường chưa dùng') })).id;
	}

	async contact(place: Ward): Promise<string> {
		return (await makeContact(this.db, this.ward(place).id)).id;
	}

	async formFile(): Promise<string> {
		const added = await addFormFile(this.db, runtime.store!, this.procedureId, { name: 'to-khai.pdf', bytes: FORM_PDF });
		if (!added.ok) throw new Error(`form file: ${added.reason}`);
		return added.file.id;
	}

	/** The ward's recording as the world made it (removing it is undone this way). */
	async record(place: Ward): Promise<string> {
		const saved = await saveNoticeVoice(this.db, runtime.store!, this.callers.systemAdmin!.user, this.ward(place), NOTICE_AUDIO);
		if (!saved.ok) throw new Error(`recording: ${saved.reason}`);
		return saved.audio.url;
	}
}

async function caller(db: Database, options: MakeUserOptions): Promise<Caller> {
	const user = await makeUser(db, options);
	const [unit] = user.unitId ? await db.select().from(units).where(eq(units.id, user.unitId)) : [];
	const { token } = await createSession(db, user.id, 'authorization matrix');
	const sessionId = sha256Hex(new TextEncoder().encode(token));
	return { user, unit: unit ?? null, scope: scopeOf(user, unit ?? null), sessionId };
}

export async function buildWorld(db: Database): Promise<World> {
	const P = await makeProvince(db, { name: 'Nghệ An' });
	const A = await makeWard(db, P.id, { name: 'Phường Thái Hòa' });
	const B = await makeWard(db, P.id, { name: 'Phường Quỳnh Xuân' });
	const N = await makeItTeam(db, P.id, [READ_CATEGORY, ACT_CATEGORY], { name: 'Tổ Đối ứng mạng Nghệ An' });
	const R = await makeItTeam(db, P.id, ['printer_jam'], { name: 'Tổ Đối ứng thiết bị' });
	const Q = await makeProvince(db, { name: 'Hà Tĩnh' });
	const C = await makeWard(db, Q.id, { name: 'Phường Hồng Lĩnh' });
	const NQ = await makeItTeam(db, Q.id, [READ_CATEGORY, ACT_CATEGORY], { name: 'Tổ Đối ứng mạng Hà Tĩnh' });

	const at = (role: MakeUserOptions['role'], unit: Unit | null, fullName: string, extra: Partial<MakeUserOptions> = {}) =>
		caller(db, { role, unitId: unit?.id ?? null, fullName, ...extra });
	const w = new World(db, { P, A, B, N, R, Q, C, NQ }, {
		colleague: await at('desk_officer', A, 'Võ Thị Mai'),
		deskB: await at('desk_officer', B, 'Hồ Thị Thu'),
		leaderB: await at('ward_responder', B, 'Ngô Văn Hạnh', { isLeader: true }),
		deskC: await at('desk_officer', C, 'Đinh Thị Hoa'),
		leaderC: await at('ward_responder', C, 'Lý Văn Sơn', { isLeader: true }),
		provinceQ: await at('province_team', Q, 'Đặng Thị Thu')
	});
	Object.assign(w.callers, {
		desk: await at('desk_officer', A, 'Nguyễn Thị Lan'),
		member: await at('ward_responder', A, 'Lê Minh Tuấn'),
		leader: await at('ward_responder', A, 'Trần Văn Hùng', { isLeader: true }),
		deputy: await at('ward_responder', A, 'Đỗ Văn Nam', { isDeputy: true }),
		province: await at('province_team', P, 'Phạm Thu Hà'),
		itCovering: await at('vendor_team', N, 'Hoàng Đức Anh'),
		itOther: await at('vendor_team', R, 'Bùi Văn Sơn'),
		wardAdmin: await at('admin', A, 'Quản trị phường Thái Hòa'),
		provinceAdmin: await at('admin', P, 'Quản trị tỉnh Nghệ An'),
		systemAdmin: await at('admin', null, 'Quản trị hệ thống'),
		anonymous: null
	});

	for (const place of ['home', 'sibling', 'foreign'] as const) {
		const ward = w.ward(place);
		w.readTargets[place] = await makeReadTarget(w, place, 'escalated');
		w.recordings[place] = await w.record(place);
		w.contacts[place] = await w.contact(place);
		await recordAudit(db, w.callers.systemAdmin!.user, {
			action: 'unit.update',
			unit: ward,
			entityId: ward.id,
			entityName: ward.name,
			before: { openingHours: null },
			after: { openingHours: 'Thứ Hai – Thứ Sáu' }
		});
	}
	w.readTargets.notEscalated = await makeReadTarget(w, 'home', 'reported');

	await db.insert(procedures).values({ id: w.procedureId, name: 'Đăng ký khai sinh', forms: [], documents: [], sources: [] });
	w.formFileId = await w.formFile();
	return w;
}

/** An incident with a file from its reporter and an alert delivered about it. */
async function makeReadTarget(w: World, place: Ward, state: IncidentState): Promise<Target> {
	const target = await w.incident(place, state, { category: READ_CATEGORY });
	const attachmentId = uuidv7();
	const reporter = w.reporter(place);
	const query = `name=anh-loi.png&type=image/png&sha256=${sha256Hex(ATTACHMENT)}`;
	const stored = await invoke(attachmentRoute.PUT, reporter, {
		method: 'PUT',
		path: `/api/incidents/${target.reportId}/attachments/${attachmentId}?${query}`,
		params: { id: target.reportId, attachmentId },
		body: ATTACHMENT as BodyInit,
		headers: { 'content-type': 'image/png', 'content-length': String(ATTACHMENT.byteLength) }
	});
	if (stored.status !== 201) throw new Error(`attachment: ${stored.status} ${await stored.text()}`);
	await w.db.insert(deliveries).values({
		incidentId: target.incidentId,
		userId: reporter.user.id,
		reason: 'acknowledged',
		channel: 'email',
		key: unique('delivery'),
		status: 'sent',
		sentAt: new Date()
	});
	return { ...target, attachmentId };
}

export interface Invocation {
	method: string;
	path: string;
	params?: Record<string, string>;
	body?: BodyInit | null;
	headers?: Record<string, string>;
}

type Handler = (event: RequestEvent) => Response | Promise<Response>;

/** Calls a route handler as Kit would after the hooks: the caller's user, unit, scope and session on `locals`. */
export function invoke(handler: unknown, caller: Caller | null, call: Invocation): Promise<Response> {
	const url = new URL(call.path, 'http://localhost');
	const request = new Request(url, { method: call.method, body: call.body ?? null, headers: call.headers, duplex: 'half' } as RequestInit);
	const event = {
		request,
		url,
		params: call.params ?? {},
		route: { id: null },
		locals: {
			user: caller?.user ?? null,
			unit: caller?.unit ?? null,
			scope: caller?.scope ?? { kind: 'none' },
			sessionId: caller?.sessionId ?? null,
			locale: 'vi'
		},
		cookies: { get: () => undefined, getAll: () => [], set: () => {}, delete: () => {}, serialize: () => '' },
		getClientAddress: () => '127.0.0.1',
		setHeaders: () => {}
	} as unknown as RequestEvent;
	return Promise.resolve((handler as Handler)(event));
}
