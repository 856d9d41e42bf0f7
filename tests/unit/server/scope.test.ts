import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import type { Role } from '$lib/domain/roles';
import { contacts, units, users, type Unit, type User } from '$lib/server/db/schema';
import { getVisibleUnitDetail, listVisibleUnits } from '$lib/server/org/units.service';
import { findVisibleUnit, scopeOf, visibleWardRows, type Scope } from '$lib/server/scope';
import {
	loadScope,
	makeContact,
	makeItTeam,
	makeProvince,
	makeUser,
	makeWard,
	openTestDatabase,
	resetDatabase,
	type TestDatabase
} from './test-db';

let t: TestDatabase;
beforeAll(async () => {
	t = await openTestDatabase();
});
afterAll(async () => {
	await t?.close();
});

/** Province A (wards A1, A2, IT team TA) and province B (ward B1, IT team TB). */
interface World {
	A: Unit;
	A1: Unit;
	A2: Unit;
	TA: Unit;
	B: Unit;
	B1: Unit;
	TB: Unit;
}
type UnitName = keyof World;
const ALL: UnitName[] = ['A', 'A1', 'A2', 'TA', 'B', 'B1', 'TB'];

async function makeWorld(): Promise<World> {
	const A = await makeProvince(t.db, { name: 'Tỉnh A' });
	const B = await makeProvince(t.db, { name: 'Tỉnh B' });
	return {
		A,
		A1: await makeWard(t.db, A.id, { name: 'Phường A1' }),
		A2: await makeWard(t.db, A.id, { name: 'Phường A2' }),
		TA: await makeItTeam(t.db, A.id, ['internet_desk'], { name: 'Tổ A' }),
		B,
		B1: await makeWard(t.db, B.id, { name: 'Phường B1' }),
		TB: await makeItTeam(t.db, B.id, ['provincial_system'], { name: 'Tổ B' })
	};
}

interface Case {
	who: string;
	role: Role;
	unit: UnitName | null;
	sees: UnitName[];
	scopeKind: Scope['kind'];
}

const WARD_VIEW: UnitName[] = ['A', 'A1', 'TA'];
const PROVINCE_VIEW: UnitName[] = ['A', 'A1', 'A2', 'TA'];
const CASES: Case[] = [
	{ who: 'desk officer of A1', role: 'desk_officer', unit: 'A1', sees: WARD_VIEW, scopeKind: 'ward' },
	{ who: 'responder of A1', role: 'ward_responder', unit: 'A1', sees: WARD_VIEW, scopeKind: 'ward' },
	{ who: 'ward admin of A1', role: 'admin', unit: 'A1', sees: WARD_VIEW, scopeKind: 'ward' },
	{ who: 'province team of A', role: 'province_team', unit: 'A', sees: PROVINCE_VIEW, scopeKind: 'province' },
	{ who: 'province admin of A', role: 'admin', unit: 'A', sees: PROVINCE_VIEW, scopeKind: 'province' },
	{ who: 'vendor team TA', role: 'vendor_team', unit: 'TA', sees: ['A', 'TA'], scopeKind: 'vendor' },
	{ who: 'system admin (no unit)', role: 'admin', unit: null, sees: ALL, scopeKind: 'system' }
];

describe('what each role may see', () => {
	let w: World;
	beforeEach(async () => {
		await resetDatabase(t.db);
		w = await makeWorld();
	});

	const namesOf = (ids: string[]) =>
		ids.map((id) => ALL.find((n) => w[n].id === id) ?? `unknown:${id}`).sort();

	async function scopeFor(c: Case): Promise<Scope> {
		const user = await makeUser(t.db, { role: c.role, unitId: c.unit ? w[c.unit].id : null });
		return loadScope(t.db, user);
	}

	describe.each(CASES)('$who', (c) => {
		it(`has a ${c.scopeKind} scope`, async () => {
			expect((await scopeFor(c)).kind).toBe(c.scopeKind);
		});

		it(`lists exactly ${c.sees.join(', ')}`, async () => {
			const scope = await scopeFor(c);
			const listed = await listVisibleUnits(t.db, scope);
			expect(namesOf(listed.map((u) => u.id))).toEqual([...c.sees].sort());
		});

		it('finds each visible unit and none of the others (not found = null)', async () => {
			const scope = await scopeFor(c);
			for (const name of ALL) {
				const visible = c.sees.includes(name);
				const found = await findVisibleUnit(t.db, scope, w[name].id);
				const detail = await getVisibleUnitDetail(t.db, scope, w[name].id);
				expect({ name, found: found?.id ?? null, detail: detail?.id ?? null }).toEqual({
					name,
					found: visible ? w[name].id : null,
					detail: visible ? w[name].id : null
				});
			}
		});

		it('answers null for an unknown id and for a string that is not a UUID', async () => {
			const scope = await scopeFor(c);
			const unknown = '0b7e3c1a-5d2f-4c8e-9a61-3f2b1d4e5c6a';
			for (const id of [unknown, 'not-a-uuid', '', `${w.A1.id}x`, `' or 1=1 --`]) {
				expect(await findVisibleUnit(t.db, scope, id)).toBeNull();
				expect(await getVisibleUnitDetail(t.db, scope, id)).toBeNull();
			}
		});
	});

	it('a ward user finds their ward by an upper-case spelling of its id', async () => {
		const scope = await scopeFor(CASES[0]!);
		expect((await findVisibleUnit(t.db, scope, w.A1.id.toUpperCase()))?.id).toBe(w.A1.id);
	});

	it('filters the list by kind and orders it province, ward, IT team, then by name', async () => {
		const province = await scopeFor(CASES[3]!);
		expect((await listVisibleUnits(t.db, province, 'ward')).map((u) => u.name)).toEqual(['Phường A1', 'Phường A2']);
		expect((await listVisibleUnits(t.db, province, 'it_team')).map((u) => u.name)).toEqual(['Tổ A']);
		const system = await scopeFor(CASES[6]!);
		expect((await listVisibleUnits(t.db, system)).map((u) => u.name)).toEqual([
			'Tỉnh A',
			'Tỉnh B',
			'Phường A1',
			'Phường A2',
			'Phường B1',
			'Tổ A',
			'Tổ B'
		]);
	});

	it('lists no units of any kind for a vendor that is not theirs', async () => {
		const vendor = await scopeFor(CASES[5]!);
		expect(await listVisibleUnits(t.db, vendor, 'ward')).toEqual([]);
		expect((await listVisibleUnits(t.db, vendor, 'it_team')).map((u) => u.id)).toEqual([w.TA.id]);
	});

	it('returns the unit summary fields, without anything else', async () => {
		const scope = await scopeFor(CASES[0]!);
		const [ward] = await listVisibleUnits(t.db, scope, 'ward');
		expect(ward).toEqual({
			id: w.A1.id,
			kind: 'ward',
			name: 'Phường A1',
			slug: w.A1.slug,
			parentId: w.A.id,
			serviceCenterName: w.A1.serviceCenterName,
			address: null,
			openingHours: null,
			categories: [],
			active: true
		});
	});
});

describe('unit detail', () => {
	let w: World;
	beforeEach(async () => {
		await resetDatabase(t.db);
		w = await makeWorld();
	});

	it('lists the contacts in their order and the active people, leader first, then deputy, then by name', async () => {
		await makeContact(t.db, w.A1.id, { kind: 'email', label: 'Hộp thư', value: 'motcua@a1.example', sortOrder: 2 });
		await makeContact(t.db, w.A1.id, { kind: 'hotline', label: 'Đường dây nóng', value: '+842383861000', sortOrder: 0 });
		await makeContact(t.db, w.A1.id, { kind: 'zalo_group', label: 'Nhóm Zalo', value: 'https://zalo.me/g/a1', sortOrder: 1 });
		await makeContact(t.db, w.A2.id, { label: 'Của phường A2' });
		await makeUser(t.db, { role: 'ward_responder', unitId: w.A1.id, fullName: 'An Văn B' });
		await makeUser(t.db, { role: 'ward_responder', unitId: w.A1.id, fullName: 'Xuân Thị D', isDeputy: true });
		await makeUser(t.db, { role: 'ward_responder', unitId: w.A1.id, fullName: 'Yến Văn L', isLeader: true, phone: '+84912000102' });
		await makeUser(t.db, { role: 'desk_officer', unitId: w.A1.id, fullName: 'Bình Thị C' });
		await makeUser(t.db, { role: 'desk_officer', unitId: w.A1.id, fullName: 'Cũ Văn Nghỉ', active: false });
		await makeUser(t.db, { role: 'desk_officer', unitId: w.A2.id, fullName: 'Người phường khác' });
		const me = await makeUser(t.db, { role: 'desk_officer', unitId: w.A1.id, fullName: 'Đinh Thị E' });

		const detail = await getVisibleUnitDetail(t.db, await loadScope(t.db, me), w.A1.id);
		expect(detail?.contacts.map((c) => [c.kind, c.label, c.value])).toEqual([
			['hotline', 'Đường dây nóng', '+842383861000'],
			['zalo_group', 'Nhóm Zalo', 'https://zalo.me/g/a1'],
			['email', 'Hộp thư', 'motcua@a1.example']
		]);
		expect(detail?.people.map((p) => p.fullName)).toEqual([
			'Yến Văn L',
			'Xuân Thị D',
			'An Văn B',
			'Bình Thị C',
			'Đinh Thị E'
		]);
		expect(detail?.people[0]).toMatchObject({ role: 'ward_responder', isLeader: true, phone: '+84912000102' });
		// People carry no credentials or account internals.
		expect(Object.keys(detail!.people[0]!).sort()).toEqual(
			['email', 'fullName', 'id', 'isDeputy', 'isLeader', 'phone', 'role'].sort()
		);
	});
});

describe('visibleWardRows', () => {
	let w: World;
	beforeEach(async () => {
		await resetDatabase(t.db);
		w = await makeWorld();
		// One record per unit, the unit id standing in for an incident's ward column.
		for (const name of ALL) await makeContact(t.db, w[name].id, { label: `record of ${name}` });
	});

	async function labelsFor(scope: Scope): Promise<string[]> {
		const rows = await t.db
			.select({ label: contacts.label })
			.from(contacts)
			.where(visibleWardRows(scope, contacts.unitId))
			.orderBy(asc(contacts.label));
		return rows.map((r) => r.label);
	}

	it('gives a ward user the rows of their ward only', async () => {
		const user = await makeUser(t.db, { role: 'desk_officer', unitId: w.A1.id });
		expect(await labelsFor(await loadScope(t.db, user))).toEqual(['record of A1']);
	});

	it("gives a province the rows of its wards (not its own, not another province's)", async () => {
		const user = await makeUser(t.db, { role: 'province_team', unitId: w.A.id });
		expect(await labelsFor(await loadScope(t.db, user))).toEqual(['record of A1', 'record of A2']);
	});

	it('gives a vendor team no ward rows (they reach it only through escalations)', async () => {
		const user = await makeUser(t.db, { role: 'vendor_team', unitId: w.TA.id });
		expect(await labelsFor(await loadScope(t.db, user))).toEqual([]);
	});

	it('gives the system administrator every row', async () => {
		const user = await makeUser(t.db, { role: 'admin', unitId: null });
		expect(await labelsFor(await loadScope(t.db, user))).toHaveLength(ALL.length);
	});

	it('works as a filter on the units table too', async () => {
		const user = await makeUser(t.db, { role: 'admin', unitId: w.B.id });
		const rows = await t.db
			.select({ id: units.id })
			.from(units)
			.where(visibleWardRows(await loadScope(t.db, user), units.id));
		expect(rows.map((r) => r.id)).toEqual([w.B1.id]);
	});
});

describe('scope none', () => {
	let w: World;
	beforeEach(async () => {
		await resetDatabase(t.db);
		w = await makeWorld();
		await makeContact(t.db, w.A1.id);
	});

	async function expectSeesNothing(scope: Scope) {
		expect(scope).toEqual({ kind: 'none' });
		expect(await listVisibleUnits(t.db, scope)).toEqual([]);
		for (const name of ALL) {
			expect(await findVisibleUnit(t.db, scope, w[name].id)).toBeNull();
			expect(await getVisibleUnitDetail(t.db, scope, w[name].id)).toBeNull();
		}
		const rows = await t.db.select().from(contacts).where(visibleWardRows(scope, contacts.unitId));
		expect(rows).toEqual([]);
	}

	it('applies to a deactivated user', async () => {
		const user = await makeUser(t.db, { role: 'province_team', unitId: w.A.id });
		await t.db.update(users).set({ active: false }).where(eq(users.id, user.id));
		await expectSeesNothing(await loadScope(t.db, user));
	});

	it('applies to a deactivated system administrator', async () => {
		const user = await makeUser(t.db, { role: 'admin', unitId: null, active: false });
		await expectSeesNothing(await loadScope(t.db, user));
	});

	it('applies to a user whose unit is inactive', async () => {
		const user = await makeUser(t.db, { role: 'desk_officer', unitId: w.A1.id });
		await t.db.update(units).set({ active: false }).where(eq(units.id, w.A1.id));
		await expectSeesNothing(await loadScope(t.db, user));
	});

	it('applies to a non-admin without a unit', async () => {
		const user = await makeUser(t.db, { role: 'province_team', unitId: null });
		await expectSeesNothing(await loadScope(t.db, user));
	});

	it('applies to a ward or IT team that has lost its province', () => {
		const orphan = { ...w.A1, parentId: null };
		const user: Pick<User, 'role' | 'unitId' | 'active'> = { role: 'desk_officer', unitId: orphan.id, active: true };
		expect(scopeOf(user, orphan)).toEqual({ kind: 'none' });
		expect(scopeOf({ ...user, role: 'vendor_team' }, { ...w.TA, parentId: null })).toEqual({ kind: 'none' });
	});
});
