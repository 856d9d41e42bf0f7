/**
 * A province's worth of history on PostgreSQL, for measuring the lists and the province's
 * board at scale: one province, its wards (desk officers, a Response Team with a leader and a
 * deputy), its Working Group and IT enterprise teams, and by default 1,000,000 incidents over
 * three years (≈ 7 per ward per day) with their reports, timelines, escalations and routing
 * decisions, consistent with each incident's status and response times.
 *
 *   node scripts/seed-province.mjs postgres://user:pass@host/db [--force]
 *        [--incidents 1000000] [--wards 130] [--years 3]
 *   (or DATABASE_URL=postgres://… node scripts/seed-province.mjs)
 *
 * It migrates the database first (the app's migrations, as the server does), and refuses a
 * database that already holds incidents or a previous seed unless `--force`, which EMPTIES
 * EVERY APPLICATION TABLE first. Stop the app while it runs: the load holds its tables.
 *
 * How: everything is generated inside PostgreSQL (`insert … select … from generate_series`)
 * in one transaction. The five big tables' indexes and foreign keys are dropped before the
 * load and rebuilt after it, inside that transaction — rebuilding an index once is far faster
 * than growing it row by row, and a failure rolls the database back as it was.
 *
 * What the data looks like:
 * - Incidents arrive in office hours (07:30–17:00, Monday to Saturday, Vietnam time), busier
 *   wards more often; categories from the app's catalog with realistic weights, complexity
 *   the catalog's default, shared failures reported by the whole section (some joined by 1–3
 *   further reports).
 * - Almost everything older than three working days is closed (confirmed by the reporter, or
 *   closed automatically three days after it was resolved) or withdrawn; the last days hold a
 *   few hundred open ones (reported, acknowledged, escalated) and recently resolved ones.
 * - Times follow the lifecycle: reported_at ≤ created_at (server receipt) < acknowledged_at
 *   < escalated_at < resolved_at < closed_at, all in the past; a timer escalation (10 min
 *   after receipt) may come before the ward's answer. updated_at is the last change.
 * - About a third of complex incidents were escalated: to the province and to the IT team
 *   covering the category (`incident_units`, with their acknowledgements).
 * - Each timeline holds the events the app would have written (reported, routed,
 *   report_grouped, acknowledge, escalate / auto_escalated, resolve, confirm / auto_closed,
 *   withdraw). Routing decisions (`incident_recipients`) are kept for the last 90 days.
 * - No timers (`jobs`) and no notification deliveries are seeded.
 *
 * Only two people can sign in (printed at the end): a province Working Group member and a
 * desk officer of the first ward. Everyone else has a placeholder password hash.
 *
 * `seedProvince(url, options)` is the same, for a benchmark or test with a smaller count.
 */
import { hash } from '@node-rs/argon2';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const SEED_PASSWORD = 'thu-tai-2026';
export const SEED_PROVINCE_USER = 'bench.tinh';
export const SEED_DESK_USER = 'bench.motcua';
const PROVINCE_SLUG = 'bench-tinh';
const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));
/** The server's Argon2id settings (src/lib/server/auth/password.ts). */
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };
/** Seeded people other than the two above cannot sign in: this is no Argon2 hash. */
const NO_SIGN_IN = '!seeded-no-sign-in';

const BIG_TABLES = ['incidents', 'incident_reports', 'incident_events', 'incident_units', 'incident_recipients'];
const OFFICE_DAY_S = 9.5 * 3600;
const VIETNAM_OFFSET_S = 7 * 3600;
const DAY_MS = 86_400_000;

/** How often each category comes up at a ward's desk (relative); unknown ids get 1. */
const CATEGORY_WEIGHTS = {
	printer_paper: 8,
	printer_jam: 10,
	printer_toner: 6,
	scanner_fault: 6,
	account_password_forgotten: 7,
	account_locked: 5,
	pc_frozen_slow: 10,
	peripheral_fault: 5,
	queue_ticket_machine: 3,
	rating_device: 2,
	internet_desk: 6,
	internet_section: 4,
	provincial_system: 6,
	national_portal: 4,
	population_db: 3,
	civil_status_db: 3,
	specialised_db: 2,
	sync_failure: 3,
	data_lookup: 2,
	digital_signing: 4,
	vneid: 3,
	power_outage: 1.5,
	security_incident: 0.3,
	other: 3
};

/** The province's IT enterprise teams and the catalog groups each covers. */
const IT_TEAMS = [
	{ slug: 'bench-doi-ung-ha-tang', name: 'Tổ Đối ứng Mạng và Hạ tầng', groups: ['network', 'power', 'security'] },
	{ slug: 'bench-doi-ung-he-thong', name: 'Tổ Đối ứng Hệ thống thông tin', groups: ['provincial_system', 'national_system', 'signing'] },
	{ slug: 'bench-doi-ung-thiet-bi', name: 'Tổ Đối ứng Thiết bị', groups: ['equipment'] }
];

const WARD_NAMES = [
	'Trường Thi', 'Hưng Dũng', 'Bến Thủy', 'Vinh Tân', 'Quang Trung', 'Lê Lợi', 'Hồng Sơn', 'Đội Cung',
	'Cửa Nam', 'Hà Huy Tập', 'Trung Đô', 'Hưng Bình', 'Hưng Phúc', 'Đông Vĩnh', 'Quán Bàu', 'Nghi Phú',
	'Hưng Lộc', 'Nghi Hải', 'Nghi Hòa', 'Thu Thủy', 'Nghi Tân', 'Quỳnh Dị', 'Hòa Hiếu', 'Long Sơn',
	'Quang Phong', 'Trung Lương', 'Thái Hòa', 'Hoàng Mai', 'Mai Hùng', 'Quỳnh Thiện', 'Tân Hồng', 'Nam Thanh'
];
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Phan', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Thu', 'Quang', 'Ngọc', 'Đức', 'Thanh', 'Hữu', 'Hoài', 'Xuân', 'Bảo'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Hà', 'Hải', 'Hạnh', 'Hoa', 'Hùng', 'Hương', 'Khánh', 'Lan', 'Linh', 'Long', 'Mai', 'Nam', 'Nga', 'Phong', 'Phương', 'Quân', 'Sơn', 'Tâm', 'Thảo', 'Trang', 'Tuấn', 'Vy', 'Yến'];
const RESOLUTION_NOTES = [
	'Đã khắc phục, hoạt động bình thường trở lại',
	'Đã khởi động lại thiết bị, kiểm tra lại ổn định',
	'Đã thay thế linh kiện, bàn giao cho cán bộ Một cửa',
	'Đã cấu hình lại kết nối, đã thử tiếp nhận hồ sơ thành công',
	'Nhà cung cấp đã xử lý lỗi phía hệ thống, đã kiểm tra lại'
];

/** A UUIDv7 for an instant (as a device makes a report's id), for this session only. */
const UUID7 = `create function pg_temp.uuid7(ts timestamptz) returns uuid language sql volatile as $$
	select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
		placing substring(int8send(floor(extract(epoch from ts) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid
$$`;

/**
 * @typedef {object} SeedOptions
 * @property {number} [incidents] how many incidents (default 1,000,000)
 * @property {number} [wards] how many wards (default 130)
 * @property {number} [years] how far back the history goes (default 3)
 * @property {boolean} [force] empty every application table first if the database is not empty
 * @property {readonly Category[]} [categories] the incident catalog (default: read from the app's source through tsx)
 * @property {(line: string) => void} [log] progress lines (default: console.log)
 *
 * @typedef {object} SeedResult
 * @property {string} provinceId
 * @property {string[]} wardIds
 * @property {string[]} itTeamIds the IT teams, those covering escalated categories first
 * @property {{ username: string, password: string, id: string }} provinceUser
 * @property {{ username: string, password: string, id: string, wardId: string }} deskUser
 * @property {Record<string, number>} counts rows per table
 * @property {Record<string, number>} timings milliseconds per step
 */

/**
 * Seeds one province with its history (see the file's comment).
 * @param {string} url a PostgreSQL connection string
 * @param {SeedOptions} [options]
 * @returns {Promise<SeedResult>}
 */
export async function seedProvince(url, options = {}) {
	const n = Math.round(options.incidents ?? 1_000_000);
	const wardCount = Math.round(options.wards ?? 130);
	const years = options.years ?? 3;
	const log = options.log ?? ((line) => console.log(line));
	if (!(n >= 1) || !(wardCount >= 1) || !(years > 0)) throw new Error('incidents and wards must be at least 1, years above 0');

	/** @type {Record<string, number>} */
	const timings = {};
	const started = performance.now();
	let lap = started;
	/** @param {string} step */
	const done = (step) => {
		const now = performance.now();
		timings[step] = Math.round(now - lap);
		log(`  ${step.padEnd(34)} ${((now - lap) / 1000).toFixed(1).padStart(7)} s`);
		lap = now;
	};

	const pool = new pg.Pool({ connectionString: url, max: 1 });
	const client = await pool.connect();
	try {
		await migrate(drizzle(client), { migrationsFolder: MIGRATIONS });
		done('migrations');

		const [provinceHash, deskHash] = await Promise.all([hash(SEED_PASSWORD, ARGON2), hash(SEED_PASSWORD, ARGON2)]);
		const INCIDENT_CATEGORIES = options.categories ?? (await loadCatalog()).INCIDENT_CATEGORIES;
		done('password hashes, catalog');

		// Generous memory for this session's sorts, hashes, index builds and temporary tables
		// (they must be set before the first temporary table).
		await client.query(`set temp_buffers = '1GB'`);
		await client.query(`set work_mem = '512MB'`);
		await client.query(`set maintenance_work_mem = '1GB'`);
		// One transaction from here to the end: a failure leaves the database as it was.
		await client.query('begin');
		const existing = await client.query(
			`select (select count(*) from incidents)::int as incidents, (select count(*) from units where slug = $1)::int as seeded`,
			[PROVINCE_SLUG]
		);
		const { incidents: held, seeded } = existing.rows[0];
		if (held > 0 || seeded > 0) {
			if (!options.force) {
				throw new Error(
					`this database already holds ${held} incidents${seeded ? ' and a seeded province' : ''}; ` +
						'pass --force to empty every application table first (all its data is lost)'
				);
			}
			const tables = await client.query(
				`select string_agg(format('%I.%I', schemaname, tablename), ', ') as list from pg_tables where schemaname = 'public'`
			);
			await client.query(`truncate table ${tables.rows[0].list} restart identity cascade`);
			done('emptied (--force)');
		}
		await client.query('select setseed(0.2026)');
		await client.query(UUID7);

		const people = await seedPeople(client, { wardCount, provinceHash, deskHash, categories: INCIDENT_CATEGORIES });
		done(`units and people (${wardCount} wards)`);

		const rebuild = await dropIndexesAndKeys(client);
		done('dropped indexes and foreign keys');

		const clock = officeClock(Date.now(), years);
		await generateIncidents(client, { n, clock, wardCount, categories: INCIDENT_CATEGORIES, provinceMembers: people.provinceMembers });
		done(`incidents generated (${n.toLocaleString('en')})`);
		await client.query(INSERT_INCIDENTS);
		done('incidents');
		await client.query(INSERT_REPORTS);
		done('incident_reports');
		await client.query(INSERT_UNITS);
		done('incident_units');
		await client.query(INSERT_EVENTS, [people.provinceMembers]);
		done('incident_events');
		await client.query(INSERT_RECIPIENTS, [clock.nowIso, people.provinceMembers, people.provinceId]);
		done('incident_recipients (90 days)');

		for (const statement of rebuild) await client.query(statement);
		done('indexes and foreign keys rebuilt');
		await client.query('commit');
		done('commit');

		// Sets hint bits and the visibility map, as autovacuum would have long since done,
		// and gives the planner its statistics.
		await client.query(`vacuum (analyze) ${BIG_TABLES.join(', ')}, units, users`);
		done('vacuum, analyze');

		/** @type {Record<string, number>} */
		const counts = {};
		for (const table of [...BIG_TABLES, 'units', 'users']) {
			counts[table] = Number((await client.query(`select count(*)::bigint as n from ${table}`)).rows[0].n);
		}
		const total = performance.now() - started;
		timings.total = Math.round(total);
		log(`  ${'total'.padEnd(34)} ${(total / 1000).toFixed(1).padStart(7)} s`);
		return {
			provinceId: people.provinceId,
			wardIds: people.wardIds,
			itTeamIds: people.itTeamIds,
			provinceUser: { username: SEED_PROVINCE_USER, password: SEED_PASSWORD, id: people.provinceUserId },
			deskUser: { username: SEED_DESK_USER, password: SEED_PASSWORD, id: people.deskUserId, wardId: people.wardIds[0] ?? '' },
			counts,
			timings
		};
	} catch (err) {
		await client.query('rollback').catch(() => {});
		throw err;
	} finally {
		client.release();
		await pool.end();
	}
}

/**
 * The app's incident catalog, read from its TypeScript source through tsx.
 * @returns {Promise<{ INCIDENT_CATEGORIES: readonly Category[] }>}
 */
async function loadCatalog() {
	const { tsImport } = await import('tsx/esm/api');
	return tsImport('../src/lib/domain/incident-catalog.ts', import.meta.url);
}

/**
 * @typedef {{ id: string, group: string, complexity: string, sharedFailure: boolean, exampleVi: string, affectedSystemVi?: string }} Category
 * @typedef {{ nowIso: string, startEpoch: number, totalOffice: number }} OfficeClock
 */

/**
 * Office time, the axis incidents are spread along: 9.5 hours (07:30–17:00 in Vietnam) of
 * each Monday to Saturday, from a Monday `years` back until now. Working day k falls on the
 * calendar day (k / 6) * 7 + k % 6 after that Monday.
 * @param {number} nowMs
 * @param {number} years
 * @returns {OfficeClock}
 */
function officeClock(nowMs, years) {
	const localNow = nowMs + VIETNAM_OFFSET_S * 1000;
	const today = Math.floor(localNow / DAY_MS) * DAY_MS;
	let start = today - Math.round(years * 365) * DAY_MS;
	// 1970-01-01 was a Thursday: step back to a Monday.
	start -= (((Math.floor(start / DAY_MS) + 3) % 7) + 7) % 7 * DAY_MS;
	let workingDays = 0;
	for (let day = start; day < today; day += DAY_MS) if ((Math.floor(day / DAY_MS) + 3) % 7 !== 6) workingDays++;
	const isWorkingDay = (Math.floor(today / DAY_MS) + 3) % 7 !== 6;
	const todayOffice = isWorkingDay ? Math.min(Math.max((localNow - today) / 1000 - 7.5 * 3600, 0), OFFICE_DAY_S) : 0;
	return {
		nowIso: new Date(nowMs).toISOString(),
		startEpoch: start / 1000 - VIETNAM_OFFSET_S,
		totalOffice: workingDays * OFFICE_DAY_S + todayOffice
	};
}

/**
 * `weights` spread over `slots` entries (values are 1-based indexes), so that SQL picks one
 * weighted at random with `slots[1 + floor(random() * length)]`.
 * @param {number[]} weights
 * @param {number} slots
 */
function weightedSlots(weights, slots) {
	const total = weights.reduce((a, b) => a + b, 0);
	/** @type {number[]} */
	const out = [];
	let acc = 0;
	weights.forEach((w, i) => {
		acc += w;
		while (out.length < Math.round((acc / total) * slots)) out.push(i + 1);
	});
	return out;
}

/** @param {number} i @param {number} salt */
const personName = (i, salt) =>
	`${FAMILY[(i * 7 + salt) % FAMILY.length]} ${MIDDLE[(i * 5 + salt * 3) % MIDDLE.length]} ${GIVEN[(i * 11 + salt * 13) % GIVEN.length]}`;

/**
 * The province, its wards and IT teams, and their people; fills `seed_ward`.
 * @param {pg.PoolClient} client
 * @param {{ wardCount: number, provinceHash: string, deskHash: string, categories: readonly Category[] }} o
 */
async function seedPeople(client, { wardCount, provinceHash, deskHash, categories }) {
	const q = (/** @type {string} */ text, /** @type {unknown[]} */ values = []) => client.query(text, values);
	const province = await q(
		`insert into units (kind, name, slug, address) values ('province', 'Tỉnh Thử Tải', $1, 'Số 1 Đường Trường Thi') returning id`,
		[PROVINCE_SLUG]
	);
	const provinceId = province.rows[0].id;

	const wardNames = Array.from({ length: wardCount }, (_, i) => {
		const name = WARD_NAMES[i % WARD_NAMES.length];
		return i < WARD_NAMES.length ? `Phường ${name}` : `Phường ${name} ${Math.floor(i / WARD_NAMES.length) + 1}`;
	});
	const wards = await q(
		`insert into units (kind, parent_id, name, slug, service_center_name, address, opening_hours)
		select 'ward', $1, name, 'bench-phuong-' || lpad(i::text, 3, '0'), 'Trung tâm Phục vụ Hành chính công ' || name,
			i || ' đường ' || name, 'Thứ Hai – Thứ Sáu 7:30–17:00, sáng Thứ Bảy'
		from unnest($2::text[]) with ordinality as w(name, i)
		order by i
		returning id`,
		[provinceId, wardNames]
	);
	const wardIds = wards.rows.map((r) => r.id);

	/** @type {string[]} */
	const itTeamIds = [];
	for (const team of IT_TEAMS) {
		const covered = categories.filter((c) => team.groups.includes(c.group)).map((c) => c.id);
		const row = await q(`insert into units (kind, parent_id, name, slug, categories) values ('it_team', $1, $2, $3, $4) returning id`, [
			provinceId,
			team.name,
			team.slug,
			covered
		]);
		itTeamIds.push(row.rows[0].id);
	}

	// Each ward: three desk officers, a Response Team leader, a deputy and two members.
	const roles = [
		['motcua1', 'desk_officer', false, false],
		['motcua2', 'desk_officer', false, false],
		['motcua3', 'desk_officer', false, false],
		['totruong', 'ward_responder', true, false],
		['topho', 'ward_responder', false, true],
		['ungcuu1', 'ward_responder', false, false],
		['ungcuu2', 'ward_responder', false, false]
	];
	/** @type {unknown[][]} */
	const rows = [];
	wardIds.forEach((wardId, w) => {
		roles.forEach(([suffix, role, leader, deputy], k) => {
			const username = w === 0 && k === 0 ? SEED_DESK_USER : `bench.p${String(w + 1).padStart(3, '0')}.${suffix}`;
			const phone = `+849${String(10_000_000 + w * 10 + k).padStart(8, '0')}`;
			rows.push([username, personName(w, k), role, wardId, leader, deputy, phone, w === 0 && k === 0 ? deskHash : NO_SIGN_IN]);
		});
	});
	for (let i = 1; i <= 4; i++) {
		rows.push([i === 1 ? SEED_PROVINCE_USER : `bench.tinh${i}`, personName(200 + i, i), 'province_team', provinceId, false, false, `+849300000${i}`, i === 1 ? provinceHash : NO_SIGN_IN]);
	}
	rows.push(['bench.quantri', personName(300, 1), 'admin', provinceId, false, false, null, NO_SIGN_IN]);
	itTeamIds.forEach((teamId, t) => {
		for (let i = 1; i <= 3; i++) {
			rows.push([`bench.doiung${t + 1}.${i}`, personName(400 + t, i), 'vendor_team', teamId, false, false, `+849400${t}00${i}`, NO_SIGN_IN]);
		}
	});
	const columns = ['username', 'full_name', 'role', 'unit_id', 'is_leader', 'is_deputy', 'phone', 'password_hash'];
	const types = ['text', 'text', 'user_role', 'uuid', 'boolean', 'boolean', 'text', 'text'];
	await q(
		`insert into users (${columns.join(', ')})
		select * from unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`,
		columns.map((_, i) => rows.map((r) => r[i]))
	);
	await q(
		`insert into contacts (unit_id, kind, label, value)
		select id, 'hotline', 'Đường dây nóng', '+84238' || lpad((3800000 + row_number() over (order by slug))::text, 7, '0')
		from units where parent_id = $1 and kind = 'ward'`,
		[provinceId]
	);

	await q(
		`create temp table seed_ward on commit drop as
		select (row_number() over (order by w.slug))::int as n, w.id as ward_id,
			array_agg(u.id order by u.username) filter (where u.role = 'desk_officer') as desks,
			(array_agg(u.id) filter (where u.is_leader))[1] as leader,
			(array_agg(u.id) filter (where u.is_deputy))[1] as deputy,
			array_agg(u.id order by u.is_leader desc, u.is_deputy desc, u.username) filter (where u.role = 'ward_responder') as team
		from units w join users u on u.unit_id = w.id
		where w.parent_id = $1 and w.kind = 'ward'
		group by w.id, w.slug`,
		[provinceId]
	);
	await q(`alter table seed_ward add column team_json jsonb, add column leads_json jsonb`);
	await q(`update seed_ward set team_json = to_jsonb(team), leads_json = jsonb_build_array(leader, deputy)`);

	// Categories with the IT team covering each (if any) and its members.
	await q(
		`create temp table seed_cat on commit drop as
		select c.n::int as n, c.id, c.complexity, c.shared, c.description, c.affected,
			t.id as team_id, coalesce(m.members, '{}') as team_members
		from unnest($1::text[], $2::text[], $3::boolean[], $4::text[], $5::text[]) with ordinality as c(id, complexity, shared, description, affected, n)
		left join units t on t.parent_id = $6 and t.kind = 'it_team' and c.id = any(t.categories)
		left join lateral (select array_agg(u.id order by u.username) as members from users u where u.unit_id = t.id) m on true`,
		[
			categories.map((c) => c.id),
			categories.map((c) => c.complexity),
			categories.map((c) => c.sharedFailure),
			categories.map((c) => c.exampleVi),
			categories.map((c) => c.affectedSystemVi ?? null),
			provinceId
		]
	);
	const users = await q(
		`select username, id from users where username = any($1)`,
		[[SEED_PROVINCE_USER, SEED_DESK_USER]]
	);
	const idOf = (/** @type {string} */ name) => users.rows.find((r) => r.username === name)?.id;
	const members = await q(`select array_agg(id order by username) as ids from users where unit_id = $1 and role = 'province_team'`, [provinceId]);
	// Teams that escalations reach come first: a benchmark reads the first as "the IT team".
	const reach = await q(
		`select t.id from units t where t.parent_id = $1 and t.kind = 'it_team'
		order by (select count(*) from seed_cat c where c.team_id = t.id and c.complexity = 'complex') desc, t.slug`,
		[provinceId]
	);
	return {
		provinceId,
		wardIds,
		itTeamIds: reach.rows.map((r) => r.id),
		provinceMembers: members.rows[0].ids,
		provinceUserId: idOf(SEED_PROVINCE_USER),
		deskUserId: idOf(SEED_DESK_USER)
	};
}

/**
 * Drops the big tables' indexes, keys and the foreign keys touching them; returns the
 * statements that put them all back (keys first, then indexes, then foreign keys).
 * @param {pg.PoolClient} client
 * @returns {Promise<string[]>}
 */
async function dropIndexesAndKeys(client) {
	const foreign = await client.query(
		`select format('alter table %s add constraint %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid)) as add,
			format('alter table %s drop constraint %I', conrelid::regclass, conname) as drop
		from pg_constraint
		where contype = 'f' and (conrelid = any($1::regclass[]) or confrelid = any($1::regclass[]))`,
		[BIG_TABLES]
	);
	const keys = await client.query(
		`select format('alter table %s add constraint %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid)) as add,
			format('alter table %s drop constraint %I', conrelid::regclass, conname) as drop
		from pg_constraint where contype in ('p', 'u') and conrelid = any($1::regclass[])`,
		[BIG_TABLES]
	);
	const indexes = await client.query(
		`select pg_get_indexdef(i.indexrelid) as add, format('drop index %s', i.indexrelid::regclass) as drop
		from pg_index i
		where i.indrelid = any($1::regclass[]) and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
		[BIG_TABLES]
	);
	for (const { drop } of [...foreign.rows, ...keys.rows, ...indexes.rows]) await client.query(drop);
	return [...keys.rows, ...indexes.rows, ...foreign.rows].map((r) => r.add);
}

/**
 * Draws every incident into the temporary table `seed_inc`: ward, category, status and
 * the lifecycle's times, plus what the later statements need (reporter, extra reports,
 * unit acknowledgements, how it closed).
 * @param {pg.PoolClient} client
 * @param {{ n: number, clock: OfficeClock, wardCount: number, categories: readonly Category[], provinceMembers: string[] }} o
 */
async function generateIncidents(client, { n, clock, wardCount, categories, provinceMembers }) {
	// Busier and quieter wards, from twice to half the average; the first (the desk
	// officer who can sign in) is the busiest.
	const wardWeights = Array.from({ length: wardCount }, (_, i) => 2 - 1.5 * (((i * 37) % wardCount) / Math.max(wardCount - 1, 1)));
	const wardSlots = weightedSlots(wardWeights, Math.max(2000, wardCount * 20));
	const catSlots = weightedSlots(
		categories.map((c) => /** @type {Record<string, number>} */ (CATEGORY_WEIGHTS)[c.id] ?? 1),
		2000
	);
	await client.query(
		`create temp table seed_inc on commit drop as
		with base as (
			select g,
				($1::int[])[1 + floor(random() * ${wardSlots.length})::int] as wn,
				($2::int[])[1 + floor(random() * ${catSlots.length})::int] as cn,
				(g + random()) / $3::float8 * $4::float8 as off,
				random() as r_status, random() as r_esc, random() as r_auto, random() as r_ack, random() as r_e2,
				random() as r_res, random() as r_close, random() as r_start, random() as r_delay, random() as r_scope,
				random() as r_impact, random() as r_desk, random() as r_who, random() as r_extra, random() as r_prov,
				random() as r_skew, random() as r_note
			from generate_series(0, $3::int - 1) g
			offset 0
		),
		placed as (
			select b.*, c.id as category, c.complexity, c.shared, c.description, c.affected, c.team_id, c.team_members,
				floor(off / ${OFFICE_DAY_S})::int as k, ($4::float8 - off) / ${OFFICE_DAY_S} as age
			from base b join seed_cat c on c.n = b.cn
			offset 0
		),
		drawn as (
			select p.*,
				to_timestamp($5::float8 + ((k / 6) * 7 + k % 6) * 86400 + 27000 + (off - k * ${OFFICE_DAY_S}::float8)) as created_at,
				case
					when age < 0.2 then case when r_status < 0.35 then 'reported' when r_status < 0.70 then 'acknowledged'
						when r_status < 0.80 then 'escalated' when r_status < 0.95 then 'resolved' when r_status < 0.97 then 'withdrawn' else 'closed' end
					when age < 1 then case when r_status < 0.03 then 'reported' when r_status < 0.13 then 'acknowledged'
						when r_status < 0.21 then 'escalated' when r_status < 0.51 then 'resolved' when r_status < 0.53 then 'withdrawn' else 'closed' end
					when age < 3 then case when r_status < 0.005 then 'reported' when r_status < 0.025 then 'acknowledged'
						when r_status < 0.065 then 'escalated' when r_status < 0.215 then 'resolved' when r_status < 0.23 then 'withdrawn' else 'closed' end
					else case when r_status < 0.015 then 'withdrawn' else 'closed' end
				end as drawn_status
			from placed p
			offset 0
		),
		statused as (
			select d.*,
				case when drawn_status = 'escalated' and complexity = 'simple' then 'acknowledged' else drawn_status end as status,
				-- Offline reports reach the server late; most arrive within seconds.
				created_at - make_interval(secs => case when r_delay < 0.03 then 60 + r_delay / 0.03 * 7200 else 0.2 + r_delay * 3 end) as reported_at,
				$6::timestamptz as now
			from drawn d
			offset 0
		),
		escalation as (
			select s.*,
				(status = 'escalated' or (status in ('resolved', 'closed') and complexity = 'complex' and r_esc < 0.35)) as escalated,
				r_auto < 0.3 as by_timer
			from statused s
			offset 0
		),
		answered as (
			select e.*,
				case when not escalated then
						case when status in ('reported', 'withdrawn') then null
						else created_at + make_interval(secs => least(30 + r_ack * r_ack * 3600, extract(epoch from now - created_at) * 0.3)) end
					when by_timer then created_at + make_interval(secs => least(600, extract(epoch from now - created_at) * 0.3))
					else created_at + make_interval(secs => least(30 + r_ack * r_ack * 900, extract(epoch from now - created_at) * 0.3))
				end as first_step
			from escalation e
			offset 0
		),
		stamped as (
			select a.*,
				case when not escalated then first_step
					when by_timer then case when status = 'escalated' and r_ack < 0.4 then null
						else first_step + make_interval(secs => least(60 + r_ack * 1800, extract(epoch from now - first_step) * 0.3)) end
					else first_step end as acknowledged_at
			from answered a
			offset 0
		),
		escalation_time as (
			select s.*,
				case when not escalated then null
					when by_timer then first_step
					else first_step + make_interval(secs => least(120 + r_e2 * 1200, extract(epoch from now - first_step) * 0.3)) end as escalated_at
			from stamped s
			offset 0
		),
		resolved as (
			select x.*,
				case when status in ('resolved', 'closed') then
					greatest(acknowledged_at, escalated_at) + make_interval(secs => least(
						case when escalated then 3600 + r_res * r_res * 172800 when complexity = 'complex' then 1800 + r_res * r_res * 14400
							else 180 + r_res * r_res * 7200 end,
						extract(epoch from now - greatest(acknowledged_at, escalated_at)) * 0.5)) end as resolved_at
			from escalation_time x
			offset 0
		),
		closed as (
			select r.*,
				status = 'closed' and r_close < 0.2 and resolved_at + interval '3 days' < now as auto_closed,
				case when status = 'closed' then
						case when r_close < 0.2 and resolved_at + interval '3 days' < now then resolved_at + interval '3 days'
						else resolved_at + make_interval(secs => least(300 + power((r_close - 0.2) / 0.8, 2) * 172800, extract(epoch from now - resolved_at) * 0.5)) end
					when status = 'withdrawn' then created_at + make_interval(secs => least(60 + r_close * 900, extract(epoch from now - created_at) * 0.5))
				end as closed_at,
				-- The province and the IT team take an escalation up before it is resolved.
				case when escalated and (r_prov < 0.7 or status <> 'escalated') then escalated_at + make_interval(secs =>
					least(120 + r_prov * 1800, extract(epoch from coalesce(resolved_at, now) - escalated_at) * 0.3)) end as province_ack,
				case when escalated and team_id is not null and (r_e2 < 0.6 or status <> 'escalated') then escalated_at + make_interval(secs =>
					least(300 + r_e2 * 3600, extract(epoch from coalesce(resolved_at, now) - escalated_at) * 0.4)) end as team_ack
			from resolved r
			offset 0
		),
		scoped as (
			select c.*,
				case when shared then case when r_scope < 0.6 then 'section' when r_scope < 0.85 then 'several' else 'desk' end
					else case when r_scope < 0.8 then 'desk' else 'several' end end as scope,
				least(created_at + interval '20 minutes', coalesce(resolved_at, now)) as join_until
			from closed c
			offset 0
		),
		grouped as (
			-- Shared failures reported by the whole section: one to three more desks join.
			select s.*, case when shared and scope = 'section' and r_extra < 0.3 then 1 + floor(r_extra / 0.3 * 3)::int else 0 end as extra_reports
			from scoped s
			offset 0
		)
		select pg_temp.uuid7(reported_at) as id, w.ward_id, w.desks, w.team, w.leader, w.team_json, w.leads_json,
			s.category, s.complexity, s.status::incident_status as status, s.description, s.affected as affected_system, s.scope,
			case when shared then case when r_impact < 0.6 then 'stopped' when r_impact < 0.9 then 'slowed' else 'none' end
				else case when r_impact < 0.25 then 'stopped' when r_impact < 0.75 then 'slowed' else 'none' end end as impact_level,
			reported_at - make_interval(secs => 60 + r_start * r_start * 3600) as started_at,
			reported_at, created_at,
			w.desks[1 + floor(r_desk * array_length(w.desks, 1))::int] as created_by,
			acknowledged_at, escalated_at, resolved_at, closed_at,
			case when acknowledged_at is null then null when escalated and not by_timer then w.leader
				else w.team[1 + floor(r_who * array_length(w.team, 1))::int] end as acknowledged_by,
			escalated, by_timer, auto_closed, province_ack, team_ack, s.team_id, s.team_members,
			case when not escalated then null
				when s.team_id is not null then s.team_members[1 + floor(r_who * array_length(s.team_members, 1))::int]
				else ($7::uuid[])[1 + floor(r_who * array_length($7::uuid[], 1))::int] end as escalated_resolver,
			case when r_skew < 0.1 then null when r_skew < 0.95 then round((r_skew - 0.5) * 6000)
				else round(sign(r_skew - 0.975) * (60000 + abs(r_skew - 0.975) / 0.025 * 10740000)) end as skew_ms,
			extra_reports, join_until,
			floor(r_desk * 3)::int as desk_index,
			1 + floor(r_note * ${RESOLUTION_NOTES.length})::int as note_index,
			-- The last change: an answer, a step of the response, or a report joining.
			greatest(created_at, acknowledged_at, escalated_at, province_ack, team_ack, resolved_at, closed_at,
				case when extra_reports > 0 then created_at + (join_until - created_at) * extra_reports / (extra_reports + 1) end) as updated_at,
			1 + (acknowledged_at is not null)::int + (escalated_at is not null)::int + (province_ack is not null)::int
				+ (team_ack is not null)::int + (resolved_at is not null)::int + (closed_at is not null)::int as version
		from grouped s join seed_ward w on w.n = s.wn`,
		[wardSlots, catSlots, n, clock.totalOffice, clock.startEpoch, clock.nowIso, provinceMembers]
	);
}

const INSERT_INCIDENTS = `
	insert into incidents (id, ward_id, category, complexity, status, description, affected_system, scope, impact_level,
		started_at, reported_at, created_by, version, acknowledged_at, escalated_at, resolved_at, closed_at, acknowledged_by,
		created_at, updated_at)
	select id, ward_id, category, complexity, status, description, affected_system, scope, impact_level,
		started_at, reported_at, created_by, version, acknowledged_at, escalated_at, resolved_at, closed_at, acknowledged_by,
		created_at, updated_at
	from seed_inc order by created_at`;

// The first report carries the incident's id; the device's clock is off by the skew.
const INSERT_REPORTS = `
	insert into incident_reports (id, incident_id, reporter_id, ward_id, category, complexity, description, affected_system,
		scope, started_at, impact_level, created_at, received_at, clock_skew_ms, server_started_at)
	select id, id, created_by, ward_id, category, complexity, description, affected_system,
		scope, started_at - make_interval(secs => coalesce(skew_ms, 0) / 1000.0), impact_level,
		reported_at - make_interval(secs => coalesce(skew_ms, 0) / 1000.0), created_at, skew_ms, started_at
	from seed_inc
	union all
	select pg_temp.uuid7(j.at), i.id, i.desks[1 + (i.desk_index + j.k) % array_length(i.desks, 1)], i.ward_id, i.category,
		i.complexity, i.description, i.affected_system, i.scope, i.started_at + (j.at - i.created_at) / 2, i.impact_level,
		j.at - interval '1 second', j.at, 1000, i.started_at + (j.at - i.created_at) / 2
	from seed_inc i
	cross join lateral (
		select k, i.created_at + (i.join_until - i.created_at) * k / (i.extra_reports + 1) as at
		from generate_series(1, i.extra_reports) k
	) j
	where i.extra_reports > 0`;

const INSERT_UNITS = `
	insert into incident_units (incident_id, unit_id, since, acknowledged_at)
	select i.id, w.parent_id, i.escalated_at, i.province_ack from seed_inc i join units w on w.id = i.ward_id where i.escalated
	union all
	select id, team_id, escalated_at, team_ack from seed_inc where escalated and team_id is not null`;

/**
 * The timelines, one statement so that \`seq\` follows the order events happened in within
 * an incident (events at one instant — a report and its routing — in the app's order).
 */
const INSERT_EVENTS = `
	insert into incident_events (incident_id, type, actor_id, report_id, note, data, at)
	select incident_id, type, actor_id, report_id, note, data, at from (
		select r.incident_id, case when r.id = r.incident_id then 'reported' else 'report_grouped' end as type,
			r.reporter_id as actor_id, r.id as report_id, null as note, null::jsonb as data, r.received_at as at, 0 as o
		from incident_reports r
		union all
		select id, 'routed', null, null, null,
			jsonb_build_object('trigger', 'reported', 'noLeader', false,
				'recipients', case when complexity = 'complex' then leads_json else team_json end, 'teams', '[]'::jsonb),
			created_at, 1
		from seed_inc
		union all
		select id, 'acknowledge', acknowledged_by, null, null, null, acknowledged_at, 2 from seed_inc where acknowledged_at is not null
		union all
		select id, case when by_timer then 'auto_escalated' else 'escalate' end, case when by_timer then null else leader end,
			null, null, case when by_timer then '{"timer": "auto_escalate"}'::jsonb end, escalated_at, 3
		from seed_inc where escalated
		union all
		select id, 'routed', null, null, null,
			jsonb_build_object('trigger', 'escalated', 'noLeader', false,
				'recipients', to_jsonb($1::uuid[]) || coalesce(to_jsonb(team_members), '[]'::jsonb),
				'teams', case when team_id is null then '[]'::jsonb else jsonb_build_array(team_id) end),
			escalated_at, 4
		from seed_inc where escalated
		union all
		select i.id, 'acknowledge', ($1::uuid[])[1 + (abs(hashtext(i.id::text)) % array_length($1::uuid[], 1))], null, null,
			jsonb_build_object('unitId', w.parent_id), i.province_ack, 5
		from seed_inc i join units w on w.id = i.ward_id where i.province_ack is not null
		union all
		select id, 'acknowledge', team_members[1 + (abs(hashtext(id::text)) % array_length(team_members, 1))], null, null,
			jsonb_build_object('unitId', team_id), team_ack, 6
		from seed_inc where team_ack is not null
		union all
		select id, 'resolve', coalesce(escalated_resolver, acknowledged_by), null,
			(array[${RESOLUTION_NOTES.map((t) => `'${t}'`).join(', ')}])[note_index], null, resolved_at, 7
		from seed_inc where resolved_at is not null
		union all
		select id, case when status = 'withdrawn' then 'withdraw' when auto_closed then 'auto_closed' else 'confirm' end,
			case when auto_closed then null else created_by end, null, null,
			case when auto_closed then '{"timer": "auto_close"}'::jsonb end, closed_at, 8
		from seed_inc where closed_at is not null
	) e
	order by at, o`;

/** Who was told at the report and at the escalation, for the last 90 days' incidents. */
const INSERT_RECIPIENTS = `
	insert into incident_recipients (incident_id, user_id, unit_id, reason, at)
	select i.id, u.user_id, i.ward_id, case when i.complexity = 'complex' then 'reported_complex' else 'reported' end, i.created_at
	from seed_inc i
	cross join lateral unnest(case when i.complexity = 'complex' then array[i.leader, i.team[2]] else i.team end) as u(user_id)
	where i.created_at > $1::timestamptz - interval '90 days'
	union all
	select i.id, p.user_id, $3::uuid, 'escalated', i.escalated_at
	from seed_inc i cross join unnest($2::uuid[]) as p(user_id)
	where i.escalated and i.created_at > $1::timestamptz - interval '90 days'
	union all
	select i.id, m.user_id, i.team_id, 'escalated', i.escalated_at
	from seed_inc i cross join lateral unnest(i.team_members) as m(user_id)
	where i.escalated and i.team_id is not null and i.created_at > $1::timestamptz - interval '90 days'`;

// ---------------------------------------------------------------------------------------
// Command line

/** @param {string[]} argv */
function parseArgs(argv) {
	/** @type {{ url?: string, force: boolean, incidents?: number, wards?: number, years?: number }} */
	const out = { force: false };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] ?? '';
		const value = () => {
			const v = Number(argv[++i]);
			if (!Number.isFinite(v)) throw new Error(`${arg} needs a number`);
			return v;
		};
		if (arg === '--force') out.force = true;
		else if (arg === '--incidents') out.incidents = value();
		else if (arg === '--wards') out.wards = value();
		else if (arg === '--years') out.years = value();
		else if (/^postgres(ql)?:\/\//.test(arg)) out.url = arg;
		else throw new Error(`unknown argument: ${arg}`);
	}
	return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	try {
		const args = parseArgs(process.argv.slice(2));
		const url = args.url ?? process.env.DATABASE_URL;
		if (!url) throw new Error('usage: node scripts/seed-province.mjs postgres://… [--force] [--incidents N] [--wards N] [--years N]');
		console.log(`Seeding ${url.replace(/\/\/[^@]*@/, '//…@')}`);
		const result = await seedProvince(url, args);
		console.log('\nRows:', result.counts);
		console.log(`\nSign in (password "${SEED_PASSWORD}"):`);
		console.log(`  province Working Group: ${result.provinceUser.username}`);
		console.log(`  desk officer of the first ward: ${result.deskUser.username}`);
	} catch (err) {
		console.error(`seed-province: ${err instanceof Error ? err.message : String(err)}`);
		process.exitCode = 1;
	}
}
