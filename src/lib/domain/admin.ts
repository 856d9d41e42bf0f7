/**
 * The administration area's rules and shapes (`/quan-tri`, `/api/admin/…`), shared by the
 * forms and the server so both refuse the same input the same way.
 *
 * Who manages what: an administrator belongs to a unit and manages that unit's subtree —
 * a province administrator its province, wards and IT teams; a ward administrator the
 * ward. The first administrator of an install belongs to no unit and manages everything,
 * provinces included.
 */
import { z } from 'zod/mini';
import { CATEGORY_IDS } from './incident-catalog';
import { phoneSchema } from './phone';
import { CONTACT_KINDS, roleSchema, type Role, type UnitKind } from './roles';
import { TIMER_LIMITS } from './timers';
import { optionalText, plainText } from './text';
import { foldVietnamese } from './text-fold';

// ---------------------------------------------------------------------------------------
// Authority

/** Where an administrator sits: no unit for the system administrator. */
export interface AdminSeat {
	unitId: string | null;
}

export interface UnitPlace {
	id: string;
	kind: UnitKind;
	parentId: string | null;
}

/** The unit itself or its parent is the administrator's own unit (the tree is two deep). */
export function manages(seat: AdminSeat, unit: UnitPlace): boolean {
	if (seat.unitId === null) return true;
	return unit.id === seat.unitId || unit.parentId === seat.unitId;
}

/** Which kind of unit each role belongs to; an administrator may belong to any. */
export const UNIT_KIND_OF_ROLE: Record<Exclude<Role, 'admin'>, UnitKind> = {
	desk_officer: 'ward',
	ward_responder: 'ward',
	province_team: 'province',
	vendor_team: 'it_team'
};

export function roleFitsUnit(role: Role, kind: UnitKind): boolean {
	return role === 'admin' || UNIT_KIND_OF_ROLE[role] === kind;
}

/** Only a Response Team member of a ward can lead it or stand in for the leader. */
export function canLead(role: Role, kind: UnitKind): boolean {
	return role === 'ward_responder' && kind === 'ward';
}

// ---------------------------------------------------------------------------------------
// Units

/**
 * A ward's public name in links (`/thong-bao?phuong=phuong-thai-hoa`, `/trang-thai/phuong-thai-hoa`):
 * lower-case ASCII words joined by hyphens.
 */
export const slugSchema = z.string().check(z.trim(), z.maxLength(80), z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'invalid_slug'));

/** "Phường Thái Hòa" → "phuong-thai-hoa". */
export function slugify(name: string): string {
	return foldVietnamese(name)
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 80)
		.replace(/-+$/, '');
}

const unitName = plainText(160).check(z.trim(), z.minLength(1, 'name_required'));

const wardFields = {
	serviceCenterName: optionalText(200),
	address: optionalText(300),
	openingHours: optionalText(300)
};

export const createUnitSchema = z.discriminatedUnion('kind', [
	z.strictObject({ kind: z.literal('province'), name: unitName, slug: z.optional(slugSchema) }),
	z.strictObject({ kind: z.literal('ward'), parentId: z.uuid(), name: unitName, slug: z.optional(slugSchema), ...wardFields }),
	z.strictObject({
		kind: z.literal('it_team'),
		parentId: z.uuid(),
		name: unitName,
		slug: z.optional(slugSchema),
		categories: categoryList()
	})
]);
export type CreateUnit = z.infer<typeof createUnitSchema>;

function categoryList() {
	return z.array(z.enum(CATEGORY_IDS)).check(z.minLength(1, 'categories_required'), z.maxLength(50));
}

const minutes = (limits: { min: number; max: number }) =>
	z.nullable(z.number().check(z.int(), z.gte(limits.min), z.lte(limits.max)));

/**
 * An edit carries the version the form was loaded at: a second administrator's save on an
 * older version is refused rather than silently undoing the first one's. `null` timers
 * restore the defaults.
 */
export const updateUnitSchema = z.strictObject({
	version: z.number().check(z.int(), z.gte(1)),
	name: z.optional(unitName),
	slug: z.optional(slugSchema),
	serviceCenterName: z.optional(z.union([z.literal(''), plainText(200).check(z.trim())])),
	address: z.optional(z.union([z.literal(''), plainText(300).check(z.trim())])),
	openingHours: z.optional(z.union([z.literal(''), plainText(300).check(z.trim())])),
	categories: z.optional(categoryList()),
	active: z.optional(z.boolean()),
	escalateAfterMinutes: z.optional(minutes(TIMER_LIMITS.escalateAfterMinutes)),
	remindAfterMinutes: z.optional(minutes(TIMER_LIMITS.remindAfterMinutes))
});
export type UpdateUnit = z.infer<typeof updateUnitSchema>;

/** A unit as the administration area shows it. */
export interface AdminUnit {
	id: string;
	kind: UnitKind;
	parentId: string | null;
	parentName: string | null;
	name: string;
	slug: string;
	serviceCenterName: string | null;
	address: string | null;
	openingHours: string | null;
	categories: string[];
	escalateAfterMinutes: number | null;
	remindAfterMinutes: number | null;
	active: boolean;
	version: number;
	peopleCount: number;
	/** Phones, hotline, Zalo and e-mail: with none, nobody escalating to this unit can call it. */
	contactCount: number;
	/** Null when the unit is not a ward or has no active leader. */
	leaderName: string | null;
}

// ---------------------------------------------------------------------------------------
// People

export const usernameSchema = z
	.string()
	.check(
		z.trim(),
		z.toLowerCase(),
		z.minLength(3, 'invalid_username'),
		z.maxLength(64, 'invalid_username'),
		z.regex(/^[a-z0-9][a-z0-9._-]*$/, 'invalid_username')
	);

const fullName = plainText(120).check(z.trim(), z.minLength(1, 'name_required'));
const optionalPhone = z.optional(z.union([z.literal(''), phoneSchema]));
const optionalEmail = z.optional(z.union([z.literal(''), z.email('invalid_email').check(z.maxLength(200))]));

export const createUserSchema = z.strictObject({
	username: usernameSchema,
	fullName,
	role: roleSchema,
	/** Null only when the system administrator creates another system administrator. */
	unitId: z.nullable(z.uuid()),
	phone: optionalPhone,
	email: optionalEmail
});
export type CreateUser = z.infer<typeof createUserSchema>;

export const updateUserSchema = z.strictObject({
	version: z.number().check(z.int(), z.gte(1)),
	fullName: z.optional(fullName),
	role: z.optional(roleSchema),
	unitId: z.optional(z.uuid()),
	phone: optionalPhone,
	email: optionalEmail,
	active: z.optional(z.boolean())
});
export type UpdateUser = z.infer<typeof updateUserSchema>;

/** The leader and deputy of a ward, set together in one action. */
export const leadershipSchema = z.strictObject({
	leaderId: z.uuid(),
	deputyId: z.nullable(z.uuid())
});
export type Leadership = z.infer<typeof leadershipSchema>;

export interface AdminUser {
	id: string;
	username: string;
	fullName: string;
	role: Role;
	unitId: string | null;
	unitName: string | null;
	isLeader: boolean;
	isDeputy: boolean;
	phone: string | null;
	email: string | null;
	active: boolean;
	mustChangePassword: boolean;
	lastSignInAt: string | null;
	version: number;
}

/** The answer to creating a person or resetting a password: the one-time password, shown once. */
export interface OneTimePasswordIssued {
	user: AdminUser;
	oneTimePassword: string;
}

// ---------------------------------------------------------------------------------------
// Contacts

const contactFields = z.strictObject({
	kind: z.enum(CONTACT_KINDS),
	label: plainText(120).check(z.trim(), z.minLength(1, 'name_required')),
	value: plainText(300).check(z.trim(), z.minLength(1, 'contact_value_required')),
	sortOrder: z.optional(z.number().check(z.int(), z.gte(0), z.lte(999)))
});

export const contactInputSchema = z.pipe(
	contactFields,
	z.transform((contact: z.output<typeof contactFields>, ctx) => {
		const value = normalizeContactValue(contact.kind, contact.value);
		if (value === null) {
			ctx.issues.push({ code: 'custom', message: CONTACT_VALUE_ERROR[contact.kind], path: ['value'], input: contact });
			return z.NEVER;
		}
		return { ...contact, value };
	})
);
export type ContactInput = z.output<typeof contactInputSchema>;

const CONTACT_VALUE_ERROR = {
	phone: 'invalid_phone',
	hotline: 'invalid_phone',
	zalo_group: 'invalid_zalo_link',
	email: 'invalid_email'
} as const;

/** Phones to E.164, a Zalo group to its https link, an e-mail as typed; null when unusable. */
export function normalizeContactValue(kind: (typeof CONTACT_KINDS)[number], value: string): string | null {
	switch (kind) {
		case 'phone':
		case 'hotline': {
			const parsed = phoneSchema.safeParse(value);
			return parsed.success ? parsed.data : null;
		}
		case 'zalo_group': {
			// Share buttons open it: only Zalo's own https links, never javascript: or another site.
			// "zalo.me/g/…" copied without its scheme is the same link.
			const link = /^(zalo\.me|chat\.zalo\.me)\//i.test(value) ? `https://${value}` : value;
			return /^https:\/\/(zalo\.me|chat\.zalo\.me)\/[^\s<>"]+$/i.test(link) ? link : null;
		}
		case 'email':
			return z.email().safeParse(value).success ? value : null;
	}
}

// ---------------------------------------------------------------------------------------
// Audit

export interface AuditRecord {
	id: string;
	/** The unit, person or contact changed (null for a unit since deleted). */
	entityId: string | null;
	at: string;
	actorName: string;
	action: string;
	entityName: string;
	/** Only the fields that changed, each with its value before and after. */
	changes: { field: string; before: unknown; after: unknown }[];
}

/** The fields whose values differ between two snapshots (`undefined` meaning absent). */
export function changedFields(
	before: Record<string, unknown> | null,
	after: Record<string, unknown> | null
): AuditRecord['changes'] {
	const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
	const changes: AuditRecord['changes'] = [];
	for (const field of keys) {
		const was = before?.[field] ?? null;
		const now = after?.[field] ?? null;
		if (JSON.stringify(was) !== JSON.stringify(now)) changes.push({ field, before: was, after: now });
	}
	return changes;
}
