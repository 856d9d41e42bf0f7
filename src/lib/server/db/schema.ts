/**
 * The one database schema, for embedded PGlite and PostgreSQL alike (same migrations).
 * Ids are UUIDs so that rows made on a device (reports, later) and on the server share
 * one kind of key.
 */
import { sql } from 'drizzle-orm';
import {
	type AnyPgColumn,
	boolean,
	check,
	index,
	integer,
	jsonb,
	pgEnum,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import type { ProcedureForm } from '$lib/domain/procedure';

export const unitKind = pgEnum('unit_kind', ['province', 'ward', 'it_team']);
export const userRole = pgEnum('user_role', [
	'desk_officer',
	'ward_responder',
	'province_team',
	'vendor_team',
	'admin'
]);
export const contactKind = pgEnum('contact_kind', ['phone', 'hotline', 'zalo_group', 'email']);

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/**
 * Province → ward (with its service center) and province → IT enterprise team.
 * A ward's `slug` is public: it names the ward in the notice display and status page links.
 */
export const units = pgTable(
	'units',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		kind: unitKind('kind').notNull(),
		parentId: uuid('parent_id').references((): AnyPgColumn => units.id),
		name: text('name').notNull(),
		slug: text('slug').notNull(),
		serviceCenterName: text('service_center_name'),
		address: text('address'),
		openingHours: text('opening_hours'),
		/** The ward's own citizen notice; null means the official Step-3 wording. */
		noticeText: text('notice_text'),
		/** An optional line under the notice, e.g. "Thời gian chờ dự kiến: khoảng 30 phút". */
		estimatedWait: text('estimated_wait'),
		/** Incident category ids an IT enterprise team covers (empty for other kinds). */
		categories: text('categories').array().notNull().default(sql`'{}'::text[]`),
		active: boolean('active').notNull().default(true),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('units_slug_key').on(t.slug), index('units_parent_idx').on(t.parentId)]
);

export const users = pgTable(
	'users',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** Stored lower-case; sign-in is case-insensitive. */
		username: text('username').notNull(),
		fullName: text('full_name').notNull(),
		role: userRole('role').notNull(),
		/** Null only for the system-wide administrator of a non-demo install. */
		unitId: uuid('unit_id').references(() => units.id),
		isLeader: boolean('is_leader').notNull().default(false),
		isDeputy: boolean('is_deputy').notNull().default(false),
		/** E.164, e.g. +84912345678. */
		phone: text('phone'),
		email: text('email'),
		passwordHash: text('password_hash').notNull(),
		mustChangePassword: boolean('must_change_password').notNull().default(false),
		locale: text('locale').notNull().default('vi'),
		active: boolean('active').notNull().default(true),
		lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('users_username_key').on(t.username),
		// Sign-in lower-cases what is typed; a mixed-case row could never sign in.
		check('users_username_lowercase', sql`${t.username} = lower(${t.username})`),
		index('users_unit_idx').on(t.unitId),
		// A ward has exactly one Response Team leader and at most one deputy at a time.
		uniqueIndex('users_one_leader_per_unit')
			.on(t.unitId)
			.where(sql`${t.isLeader} and ${t.active}`),
		uniqueIndex('users_one_deputy_per_unit')
			.on(t.unitId)
			.where(sql`${t.isDeputy} and ${t.active}`)
	]
);

/** How to reach a unit: the numbers and links behind the tel:, sms: and share buttons. */
export const contacts = pgTable(
	'contacts',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id),
		kind: contactKind('kind').notNull(),
		label: text('label').notNull(),
		/** E.164 for phone and hotline, a URL for the Zalo group, an address for e-mail. */
		value: text('value').notNull(),
		sortOrder: integer('sort_order').notNull().default(0),
		createdAt: createdAt()
	},
	(t) => [index('contacts_unit_idx').on(t.unitId)]
);

/** Server-side sessions; the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id),
		createdAt: createdAt(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
		userAgent: text('user_agent')
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

/** Failed sign-ins, keyed by `user:<name>` and `ip:<address>`, for rate limiting. */
export const signInFailures = pgTable(
	'sign_in_failures',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		key: text('key').notNull(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('sign_in_failures_key_at_idx').on(t.key, t.at)]
);

/** Small install-wide facts (e.g. that the demo was seeded). */
export const appMeta = pgTable('app_meta', {
	key: text('key').primaryKey(),
	value: text('value').notNull()
});

export type Unit = typeof units.$inferSelect;
export type User = typeof users.$inferSelect;
export type Contact = typeof contacts.$inferSelect;

/**
 * The paper-form checklist, public reference data (not per ward). Forms and documents are
 * small ordered lists read and written whole, so they are JSON columns.
 */
export const procedures = pgTable('procedures', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	tthcCode: text('tthc_code'),
	receivedAt: text('received_at'),
	fees: text('fees'),
	forms: jsonb('forms').$type<ProcedureForm[]>().notNull(),
	documents: jsonb('documents').$type<string[]>().notNull(),
	sources: jsonb('sources').$type<string[]>().notNull(),
	verified: boolean('verified').notNull().default(false),
	/** What an administrator should check before confirming (from the seed's research). */
	reviewNote: text('review_note'),
	sortOrder: integer('sort_order').notNull().default(0),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

/** Blank form files an administrator attached to a procedure (bytes in the blob store). */
export const procedureFiles = pgTable(
	'procedure_files',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		procedureId: text('procedure_id')
			.notNull()
			.references(() => procedures.id),
		name: text('name').notNull(),
		type: text('type').notNull(),
		size: integer('size').notNull(),
		/** Lower-case hex SHA-256 of the bytes: their address in the blob store. */
		sha256: text('sha256').notNull(),
		createdAt: createdAt()
	},
	(t) => [index('procedure_files_procedure_idx').on(t.procedureId)]
);
