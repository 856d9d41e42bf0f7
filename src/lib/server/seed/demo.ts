/**
 * The demo organisation a first start runs with (DESIGN.md §8): one province, the ward
 * "Phường Thái Hòa", one IT enterprise team, their contacts, and one user per role.
 * Seeded once into an empty database; a restart neither re-seeds nor resets passwords.
 */
import { count, eq } from 'drizzle-orm';
import { NETWORK_AND_PROVINCIAL_CATEGORY_IDS } from '$lib/domain/incident-catalog';
import type { Role } from '$lib/domain/roles';
import type { Database } from '../db';
import { appMeta, contacts, units, users } from '../db/schema';
import { hashPassword } from '../auth/password';

export const DEMO_PASSWORD = 'demo1234';
export const DEMO_WARD_SLUG = 'phuong-thai-hoa';

export interface DemoUser {
	username: string;
	fullName: string;
	role: Role;
	unit: 'province' | 'ward' | 'team';
	isLeader?: boolean;
	phone: string;
	email: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
	{ username: 'motcua', fullName: 'Nguyễn Thị Lan', role: 'desk_officer', unit: 'ward', phone: '+84912000101', email: 'motcua@thaihoa.example' },
	{ username: 'totruong', fullName: 'Trần Văn Hùng', role: 'ward_responder', unit: 'ward', isLeader: true, phone: '+84912000102', email: 'totruong@thaihoa.example' },
	{ username: 'ungcuu', fullName: 'Lê Minh Tuấn', role: 'ward_responder', unit: 'ward', phone: '+84912000103', email: 'ungcuu@thaihoa.example' },
	{ username: 'tinh', fullName: 'Phạm Thu Hà', role: 'province_team', unit: 'province', phone: '+84912000104', email: 'tocongtac@nghean.example' },
	{ username: 'doanhnghiep', fullName: 'Hoàng Đức Anh', role: 'vendor_team', unit: 'team', phone: '+84912000105', email: 'doiung@it-nghean.example' },
	{ username: 'quantri', fullName: 'Đặng Quốc Bảo', role: 'admin', unit: 'province', phone: '+84912000106', email: 'quantri@nghean.example' }
];

/** Nobody can sign in yet: neither the demo nor a first administrator was created. */
export async function isDatabaseEmpty(db: Database): Promise<boolean> {
	const [row] = await db.select({ n: count() }).from(users);
	return (row?.n ?? 0) === 0;
}

export async function wasDemoSeeded(db: Database): Promise<boolean> {
	const [row] = await db.select().from(appMeta).where(eq(appMeta.key, 'demo_seeded')).limit(1);
	return Boolean(row);
}

export async function seedDemo(db: Database): Promise<void> {
	// One hash for all demo users: Argon2id is slow on purpose, and they share a password.
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	await db.transaction(async (tx) => {
		const [province] = await tx
			.insert(units)
			.values({ kind: 'province', name: 'Nghệ An', slug: 'nghe-an' })
			.returning();
		const [ward] = await tx
			.insert(units)
			.values({
				kind: 'ward',
				parentId: province!.id,
				name: 'Phường Thái Hòa',
				slug: DEMO_WARD_SLUG,
				serviceCenterName: 'Trung tâm Phục vụ Hành chính công phường Thái Hòa',
				address: 'Trụ sở UBND phường Thái Hòa, tỉnh Nghệ An',
				openingHours: 'Thứ Hai – Thứ Sáu: 7:00 – 11:30 và 13:30 – 17:00; sáng Thứ Bảy: 7:30 – 11:30'
			})
			.returning();
		const [team] = await tx
			.insert(units)
			.values({
				kind: 'it_team',
				parentId: province!.id,
				name: 'Tổ Đối ứng doanh nghiệp CNTT (mạng và hệ thống tỉnh)',
				slug: 'doi-ung-cntt-nghe-an',
				categories: [...NETWORK_AND_PROVINCIAL_CATEGORY_IDS]
			})
			.returning();
		const unitOf = { province: province!.id, ward: ward!.id, team: team!.id };

		await tx.insert(users).values(
			DEMO_USERS.map((u) => ({
				username: u.username,
				fullName: u.fullName,
				role: u.role,
				unitId: unitOf[u.unit],
				isLeader: u.isLeader ?? false,
				phone: u.phone,
				email: u.email,
				passwordHash
			}))
		);

		await tx.insert(contacts).values([
			{ unitId: ward!.id, kind: 'hotline', label: 'Đường dây nóng Tổ Ứng cứu phường', value: '+842383861000', sortOrder: 0 },
			{ unitId: ward!.id, kind: 'zalo_group', label: 'Nhóm Zalo Tổ Ứng cứu phường Thái Hòa', value: 'https://zalo.me/g/demo-thaihoa', sortOrder: 1 },
			{ unitId: ward!.id, kind: 'email', label: 'Hộp thư Bộ phận Một cửa', value: 'motcua@thaihoa.example', sortOrder: 2 },
			{ unitId: province!.id, kind: 'hotline', label: 'Đường dây nóng Tổ Công tác tỉnh', value: '+842383599000', sortOrder: 0 },
			{ unitId: province!.id, kind: 'zalo_group', label: 'Nhóm Zalo Tổ Công tác tỉnh', value: 'https://zalo.me/g/demo-nghean', sortOrder: 1 },
			{ unitId: province!.id, kind: 'email', label: 'Hộp thư Tổ Công tác tỉnh', value: 'tocongtac@nghean.example', sortOrder: 2 },
			{ unitId: team!.id, kind: 'hotline', label: 'Tổng đài hỗ trợ kỹ thuật', value: '+84912000800', sortOrder: 0 },
			{ unitId: team!.id, kind: 'email', label: 'Hộp thư hỗ trợ', value: 'hotro@it-nghean.example', sortOrder: 1 }
		]);
		await tx.insert(appMeta).values({ key: 'demo_seeded', value: new Date().toISOString() });
	});
}

/** The first administrator of a non-demo install: system-wide, creates provinces. */
export async function createFirstAdmin(db: Database, username: string, password: string): Promise<void> {
	await db.insert(users).values({
		username: username.toLowerCase(),
		fullName: 'Quản trị hệ thống',
		role: 'admin',
		unitId: null,
		passwordHash: await hashPassword(password)
	});
}
