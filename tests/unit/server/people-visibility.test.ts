/**
 * Whose phone numbers a user sees. Inside their own unit, everyone; above it, only the
 * people of the escalation path (no administrators, no desk officers of other units).
 * A user attached to the wrong kind of unit gets nothing rather than more.
 */
import { describe, expect, it } from 'vitest';
import { getVisibleUnitDetail } from '$lib/server/org/units.service';
import { loadScope, makeItTeam, makeProvince, makeUser, makeWard, useTestDatabase } from './test-db';

const t = useTestDatabase();

async function world() {
	const province = await makeProvince(t.db);
	const ward = await makeWard(t.db, province.id);
	const team = await makeItTeam(t.db, province.id, ['internet_section']);
	const officer = await makeUser(t.db, { role: 'desk_officer', unitId: ward.id, fullName: 'Cán bộ' });
	const leader = await makeUser(t.db, { role: 'ward_responder', unitId: ward.id, isLeader: true, fullName: 'Tổ trưởng' });
	const provinceTeam = await makeUser(t.db, { role: 'province_team', unitId: province.id, fullName: 'Tổ Công tác' });
	const provinceAdmin = await makeUser(t.db, { role: 'admin', unitId: province.id, fullName: 'Quản trị tỉnh' });
	const vendor = await makeUser(t.db, { role: 'vendor_team', unitId: team.id, fullName: 'Đối ứng' });
	return { province, ward, team, officer, leader, provinceTeam, provinceAdmin, vendor };
}

const names = (detail: Awaited<ReturnType<typeof getVisibleUnitDetail>>) => detail?.people.map((p) => p.fullName).sort();

describe('people a user may see', () => {
	it('a desk officer sees everyone in the ward, and only the working group at the province', async () => {
		const w = await world();
		const scope = await loadScope(t.db, w.officer);
		expect(names(await getVisibleUnitDetail(t.db, scope, w.ward.id))).toEqual(['Cán bộ', 'Tổ trưởng']);
		expect(names(await getVisibleUnitDetail(t.db, scope, w.province.id))).toEqual(['Tổ Công tác']);
		expect(names(await getVisibleUnitDetail(t.db, scope, w.team.id))).toEqual(['Đối ứng']);
	});

	it('the province sees everyone in its units, administrators included', async () => {
		const w = await world();
		const scope = await loadScope(t.db, w.provinceTeam);
		expect(names(await getVisibleUnitDetail(t.db, scope, w.province.id))).toEqual(['Quản trị tỉnh', 'Tổ Công tác']);
		expect(names(await getVisibleUnitDetail(t.db, scope, w.ward.id))).toEqual(['Cán bộ', 'Tổ trưởng']);
	});

	it('an IT team sees its own people and the province’s working group', async () => {
		const w = await world();
		const scope = await loadScope(t.db, w.vendor);
		expect(names(await getVisibleUnitDetail(t.db, scope, w.team.id))).toEqual(['Đối ứng']);
		expect(names(await getVisibleUnitDetail(t.db, scope, w.province.id))).toEqual(['Tổ Công tác']);
	});

	it('a user attached to the wrong kind of unit sees nothing', async () => {
		const w = await world();
		const misplaced = await makeUser(t.db, { role: 'desk_officer', unitId: w.province.id });
		const scope = await loadScope(t.db, misplaced);
		expect(scope).toEqual({ kind: 'none' });
		expect(await getVisibleUnitDetail(t.db, scope, w.province.id)).toBeNull();
		expect(await getVisibleUnitDetail(t.db, scope, w.ward.id)).toBeNull();
	});
});
