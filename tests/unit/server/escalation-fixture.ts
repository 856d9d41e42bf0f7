/**
 * The escalation specs' world: the demo's shape (one province, a ward with desk officers and
 * a Response Team with leader and deputy, an IT team covering network and provincial
 * systems, one that does not, and a second ward and province that must never see anything),
 * and the calls a person's screen makes.
 */
import { v7 as uuidv7 } from 'uuid';
import { eq } from 'drizzle-orm';
import type { IncidentDetail } from '$lib/domain/incident';
import type { IncidentEventInput } from '$lib/domain/lifecycle';
import { NETWORK_AND_PROVINCIAL_CATEGORY_IDS } from '$lib/domain/incident-catalog';
import type { ReportInput } from '$lib/domain/report';
import type { Database } from '$lib/server/db';
import { incidentRecipients, type Unit } from '$lib/server/db/schema';
import * as eventsRoute from '../../../src/routes/api/incidents/[id]/events/+server';
import * as oneRoute from '../../../src/routes/api/incidents/[id]/+server';
import { followUpsSettled } from '$lib/server/incidents/after-commit';
import { call, JSON_HEADERS, NOW, person, reportBody, type Person } from './incidents-fixture';
import { makeItTeam, makeProvince, makeWard } from './test-db';

export interface World {
	province: Unit;
	ward: Unit;
	network: Unit;
	printers: Unit;
	desk: Person;
	desk2: Person;
	leader: Person;
	deputy: Person;
	member: Person;
	provinceTeam: Person;
	vendor: Person;
	otherVendor: Person;
	otherWardResponder: Person;
	otherProvinceTeam: Person;
}

export async function makeWorld(db: Database): Promise<World> {
	const province = await makeProvince(db, { name: 'Nghệ An' });
	const ward = await makeWard(db, province.id, { name: 'Phường Thái Hòa' });
	const network = await makeItTeam(db, province.id, NETWORK_AND_PROVINCIAL_CATEGORY_IDS, { name: 'Tổ Đối ứng mạng' });
	const printers = await makeItTeam(db, province.id, ['printer_jam'], { name: 'Tổ Đối ứng thiết bị' });
	const otherWard = await makeWard(db, province.id, { name: 'Phường Quỳnh Xuân' });
	const otherProvince = await makeProvince(db, { name: 'Hà Tĩnh' });
	const at = (role: Parameters<typeof person>[1]['role'], unitId: string, fullName: string, extra = {}) =>
		person(db, { role, unitId, fullName, ...extra });
	return {
		province,
		ward,
		network,
		printers,
		desk: await at('desk_officer', ward.id, 'Nguyễn Thị Lan'),
		desk2: await at('desk_officer', ward.id, 'Võ Thị Mai'),
		leader: await at('ward_responder', ward.id, 'Trần Văn Hùng', { isLeader: true }),
		deputy: await at('ward_responder', ward.id, 'Đỗ Văn Nam', { isDeputy: true }),
		member: await at('ward_responder', ward.id, 'Lê Minh Tuấn'),
		provinceTeam: await at('province_team', province.id, 'Phạm Thu Hà'),
		vendor: await at('vendor_team', network.id, 'Hoàng Đức Anh'),
		otherVendor: await at('vendor_team', printers.id, 'Bùi Văn Sơn'),
		otherWardResponder: await at('ward_responder', otherWard.id, 'Ngô Thị Hạnh', { isLeader: true }),
		otherProvinceTeam: await at('province_team', otherProvince.id, 'Đặng Thị Thu')
	};
}

export async function file(by: Person, overrides: Partial<ReportInput> = {}, id = uuidv7()): Promise<IncidentDetail> {
	const response = await call(oneRoute.PUT, by, {
		method: 'PUT',
		path: `/api/incidents/${id}`,
		params: { id },
		body: JSON.stringify(reportBody(overrides)),
		headers: JSON_HEADERS
	});
	if (response.status !== 201 && response.status !== 200) throw new Error(`PUT ${response.status}: ${await response.text()}`);
	// Alerts and live updates follow the answer; the specs look at them once they are done.
	await followUpsSettled();
	const { incident } = (await response.json()) as { incident: { id: string } };
	return detail(by, incident.id);
}

export const SIMPLE: Partial<ReportInput> = {
	category: 'printer_jam',
	complexity: 'simple',
	description: 'Máy in bị kẹt giấy, đèn báo lỗi nhấp nháy',
	scope: 'desk',
	impactLevel: 'slowed'
};

export function act(by: Person, id: string, body: IncidentEventInput, locale: 'vi' | 'en' = 'vi'): Promise<Response> {
	return call(eventsRoute.POST, by, {
		method: 'POST',
		path: `/api/incidents/${id}/events`,
		params: { id },
		body: JSON.stringify(body),
		headers: JSON_HEADERS,
		locale
	});
}

/** Acts and expects success: the incident as the server answered. */
export async function done(by: Person, id: string, body: IncidentEventInput): Promise<IncidentDetail> {
	const response = await act(by, id, body);
	if (response.status !== 201 && response.status !== 200) throw new Error(`${body.type} ${response.status}: ${await response.text()}`);
	return ((await response.json()) as { incident: IncidentDetail }).incident;
}

export async function read(by: Person, id: string): Promise<Response> {
	return call(oneRoute.GET, by, { path: `/api/incidents/${id}`, params: { id } });
}

export async function detail(by: Person, id: string): Promise<IncidentDetail> {
	const response = await read(by, id);
	if (response.status !== 200) throw new Error(`GET ${response.status}`);
	return ((await response.json()) as { incident: IncidentDetail }).incident;
}

/** Routing decisions recorded for an incident: "userId:reason", sorted. */
export async function decisions(db: Database, incidentId: string): Promise<string[]> {
	const rows = await db.select().from(incidentRecipients).where(eq(incidentRecipients.incidentId, incidentId));
	return rows.map((r) => `${r.userId}:${r.reason}`).sort();
}

export const minutesAfter = (minutes: number, from = new Date()) => new Date(from.getTime() + minutes * 60_000);

export { NOW };
