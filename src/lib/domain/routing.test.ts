import { describe, expect, it } from 'vitest';
import { ROUTE_REASONS, hasLeader, route, type Audience, type Recipient, type RouteReason, type TeamMember } from './routing';

/** Phường Thái Hòa, in the province of Nghệ An. */
const THAI_HOA = '3f6b2a10-8c4d-4e7f-9a1b-2c3d4e5f6a70';
/** Tổ Công tác tỉnh Nghệ An (the Provincial Working Group's unit). */
const NGHE_AN = '7a1c9e24-5b3d-4f8a-8e6c-1d2b3a4c5e60';
/** Tổ Đối ứng doanh nghiệp CNTT (mạng và hệ thống tỉnh): network and provincial systems. */
const NETWORK_TEAM = 'c2d4e6f8-1a3b-4c5d-9e7f-0a1b2c3d4e51';
/** An IT team for equipment (printers, scanners): does not cover the network. */
const EQUIPMENT_TEAM = 'd5e7f901-2b4c-4d6e-8f0a-1b2c3d4e5f62';
/** An IT team for the national systems, with nobody active in it right now. */
const NATIONAL_TEAM = 'e8f0a2b4-3c5d-4e7f-a01b-2c3d4e5f6a73';

/** Trần Văn Hùng, the leader of the ward's Response Team. */
const HUNG = '11111111-2222-4333-8444-555555555501';
/** The deputy. */
const MAI = '11111111-2222-4333-8444-555555555502';
/** Lê Minh Tuấn, a member. */
const TUAN = '11111111-2222-4333-8444-555555555503';
/** Another member. */
const LINH = '11111111-2222-4333-8444-555555555504';
/** Phạm Thu Hà and a colleague, of the Provincial Working Group. */
const HA = '22222222-3333-4444-8555-666666666601';
const SON = '22222222-3333-4444-8555-666666666602';
/** Hoàng Đức Anh and a colleague, of the network IT team. */
const DUC_ANH = '33333333-4444-4555-8666-777777777701';
const KHOA = '33333333-4444-4555-8666-777777777702';
/** Of the equipment IT team. */
const PHUONG = '44444444-5555-4666-8777-888888888801';

const leader: TeamMember = { id: HUNG, isLeader: true, isDeputy: false };
const deputy: TeamMember = { id: MAI, isLeader: false, isDeputy: true };
const tuan: TeamMember = { id: TUAN, isLeader: false, isDeputy: false };
const linh: TeamMember = { id: LINH, isLeader: false, isDeputy: false };

function audience(team: readonly TeamMember[] = [leader, deputy, tuan, linh]): Audience {
	return {
		team,
		province: { unitId: NGHE_AN, members: [HA, SON] },
		itTeams: [
			{ unitId: EQUIPMENT_TEAM, categories: ['printer_jam', 'printer_toner', 'scanner_fault'], members: [PHUONG] },
			{ unitId: NETWORK_TEAM, categories: ['internet_section', 'provincial_system', 'sync_failure'], members: [DUC_ANH, KHOA] },
			{ unitId: NATIONAL_TEAM, categories: ['national_portal', 'internet_section'], members: [] }
		]
	};
}

/** The whole section lost its Internet connection. */
const outage = { wardId: THAI_HOA, category: 'internet_section', complexity: 'complex' as const };
/** The printer at desk 3 is jammed. */
const jam = { wardId: THAI_HOA, category: 'printer_jam', complexity: 'simple' as const };

const inWard = (ids: string[], reason: RouteReason): Recipient[] => ids.map((userId) => ({ userId, unitId: THAI_HOA, reason }));
const inProvince = (reason: RouteReason): Recipient[] => [HA, SON].map((userId) => ({ userId, unitId: NGHE_AN, reason }));

describe('hasLeader', () => {
	it('needs someone flagged leader; a deputy alone is not one', () => {
		expect(hasLeader([leader, tuan])).toBe(true);
		expect(hasLeader([deputy, tuan])).toBe(false);
		expect(hasLeader([tuan, linh])).toBe(false);
		expect(hasLeader([])).toBe(false);
	});
});

describe('route, when an incident is reported in Phường Thái Hòa', () => {
	it('simple: the whole Response Team, nobody from the province or an IT team', () => {
		expect(route('reported', jam, audience())).toEqual({
			recipients: inWard([HUNG, MAI, TUAN, LINH], 'reported'),
			teams: [],
			noLeader: false
		});
	});

	it('complex: only the leader and the deputy, at once', () => {
		expect(route('reported', outage, audience())).toEqual({
			recipients: inWard([HUNG, MAI], 'reported_complex'),
			teams: [],
			noLeader: false
		});
	});

	it('complex, in a ward whose leader has left and only a deputy remains: every member and the province', () => {
		expect(route('reported', outage, audience([deputy, tuan, linh]))).toEqual({
			recipients: [...inWard([MAI, TUAN, LINH], 'no_leader'), ...inProvince('no_leader')],
			teams: [],
			noLeader: true
		});
	});

	it('complex, in a ward where nobody is flagged leader or deputy: every member and the province', () => {
		expect(route('reported', outage, audience([tuan, linh]))).toEqual({
			recipients: [...inWard([TUAN, LINH], 'no_leader'), ...inProvince('no_leader')],
			teams: [],
			noLeader: true
		});
	});

	it('complex, in a ward with no active team member at all: the province alone', () => {
		expect(route('reported', outage, audience([]))).toEqual({
			recipients: inProvince('no_leader'),
			teams: [],
			noLeader: true
		});
	});

	it('simple, in a ward without leader: the team only, but the missing leader is said', () => {
		expect(route('reported', jam, audience([deputy, tuan]))).toEqual({
			recipients: inWard([MAI, TUAN], 'reported'),
			teams: [],
			noLeader: true
		});
	});

	it('a ward with two leaders and no deputy: both leaders', () => {
		const second: TeamMember = { id: LINH, isLeader: true, isDeputy: false };
		expect(route('reported', outage, audience([leader, tuan, second])).recipients).toEqual(
			inWard([HUNG, LINH], 'reported_complex')
		);
	});
});

describe('route, when an incident is escalated', () => {
	it('the province, and the members of the IT teams covering the category, through their own units', () => {
		expect(route('escalated', outage, audience())).toEqual({
			recipients: [
				{ userId: HA, unitId: NGHE_AN, reason: 'escalated' },
				{ userId: SON, unitId: NGHE_AN, reason: 'escalated' },
				{ userId: DUC_ANH, unitId: NETWORK_TEAM, reason: 'escalated' },
				{ userId: KHOA, unitId: NETWORK_TEAM, reason: 'escalated' }
			],
			// The national team covers the Internet too: it is reached although nobody there can be told now.
			teams: [NETWORK_TEAM, NATIONAL_TEAM],
			noLeader: false
		});
	});

	it('leaves out the ward and the IT teams that do not cover the category', () => {
		const { recipients, teams } = route('escalated', outage, audience());
		const told = recipients.map((r) => r.userId);
		for (const id of [HUNG, MAI, TUAN, LINH, PHUONG]) expect(told).not.toContain(id);
		expect(teams).not.toContain(EQUIPMENT_TEAM);
	});

	it('picks the team by the category, whatever the complexity', () => {
		// A printer jam the leader reclassified as complex and escalated.
		expect(route('escalated', { ...jam, complexity: 'complex' }, audience())).toEqual({
			recipients: [...inProvince('escalated'), { userId: PHUONG, unitId: EQUIPMENT_TEAM, reason: 'escalated' }],
			teams: [EQUIPMENT_TEAM],
			noLeader: false
		});
	});

	it('a category no IT team covers: the province alone', () => {
		expect(route('escalated', { ...outage, category: 'power_outage' }, audience())).toEqual({
			recipients: inProvince('escalated'),
			teams: [],
			noLeader: false
		});
	});

	it('still says when the ward has no leader', () => {
		expect(route('escalated', outage, audience([tuan])).noLeader).toBe(true);
	});
});

describe('route, when nobody answered', () => {
	it('reminder_team: the whole team again', () => {
		expect(route('reminder_team', jam, audience())).toEqual({
			recipients: inWard([HUNG, MAI, TUAN, LINH], 'reminder_team'),
			teams: [],
			noLeader: false
		});
	});

	it('reminder_leader: the leader and the deputy', () => {
		expect(route('reminder_leader', jam, audience())).toEqual({
			recipients: inWard([HUNG, MAI], 'reminder_leader'),
			teams: [],
			noLeader: false
		});
	});

	it('reminder_leader, in a ward without leader: the province instead (the deputy is not reminded)', () => {
		expect(route('reminder_leader', jam, audience([deputy, tuan]))).toEqual({
			recipients: inProvince('reminder_leader'),
			teams: [],
			noLeader: true
		});
	});
});

describe('ROUTE_REASONS', () => {
	it('names every reason route gives', () => {
		expect(ROUTE_REASONS).toEqual(['reported', 'reported_complex', 'no_leader', 'escalated', 'reminder_team', 'reminder_leader']);
	});
});
