/**
 * The one database schema, for embedded PGlite and PostgreSQL alike (same migrations).
 * Ids are UUIDs so that rows made on a device (reports, later) and on the server share
 * one kind of key.
 */
import { sql } from 'drizzle-orm';
import {
	type AnyPgColumn,
	bigint,
	boolean,
	check,
	index,
	integer,
	jsonb,
	pgEnum,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import type { ProcedureForm } from '$lib/domain/procedure';
import { COMPLEXITIES } from '../../domain/incident-catalog';
import { IMPACT_LEVELS, REPORT_SCOPES } from '../../domain/report';

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
		/** A ward's escalation timers (domain/timers.ts); null keeps the default. */
		escalateAfterMinutes: integer('escalate_after_minutes'),
		remindAfterMinutes: integer('remind_after_minutes'),
		active: boolean('active').notNull().default(true),
		/** Bumped by every administrative edit, so that two administrators cannot overwrite each other. */
		version: integer('version').notNull().default(1),
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
		/** Bumped by every administrative edit, so that two administrators cannot overwrite each other. */
		version: integer('version').notNull().default(1),
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
	/** Lines that tell rather than list ("Lưu ý: …"): shown apart from the documents. */
	notes: jsonb('notes').$type<string[]>().notNull().default([]),
	sources: jsonb('sources').$type<string[]>().notNull(),
	verified: boolean('verified').notNull().default(false),
	/** What an administrator should check before confirming (from the seed's research). */
	reviewNote: text('review_note'),
	sortOrder: integer('sort_order').notNull().default(0),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

/**
 * A ward's notice in a human voice (at most one; a new recording replaces it). The bytes are
 * in the blob store under `sha256`, which also versions the public address.
 */
export const wardNoticeAudio = pgTable('ward_notice_audio', {
	wardId: uuid('ward_id')
		.primaryKey()
		.references(() => units.id, { onDelete: 'cascade' }),
	sha256: text('sha256').notNull(),
	type: text('type').notNull(),
	size: integer('size').notNull(),
	durationMs: integer('duration_ms').notNull(),
	/** The notice text when it was recorded: a later edit of the text is pointed out. */
	noticeText: text('notice_text').notNull(),
	recordedBy: uuid('recorded_by').references(() => users.id, { onDelete: 'set null' }),
	recordedByName: text('recorded_by_name').notNull(),
	recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow()
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

// ---------------------------------------------------------------------------------------
// Incidents

export const incidentStatus = pgEnum('incident_status', [
	'reported',
	'acknowledged',
	'escalated',
	'resolved',
	'closed',
	'withdrawn'
]);

/** A closed set of words stored as text: the CHECK keeps out anything else. */
const oneOf = (column: AnyPgColumn, values: readonly string[]) =>
	sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`;

// Relative imports: drizzle-kit reads this file without the `$lib` alias.
const COMPLEXITY_VALUES = COMPLEXITIES;
const SCOPE_VALUES = REPORT_SCOPES;
const IMPACT_LEVEL_VALUES = IMPACT_LEVELS;

/**
 * One incident: the facts of its first report (its id is that report's id), plus what the
 * response makes of it. Reports of a failure the whole section shares join an open incident
 * (DESIGN.md §4), so an incident may have several reports and reporters.
 */
export const incidents = pgTable(
	'incidents',
	{
		id: uuid('id').primaryKey(),
		wardId: uuid('ward_id')
			.notNull()
			.references(() => units.id),
		category: text('category').notNull(),
		complexity: text('complexity').$type<(typeof COMPLEXITY_VALUES)[number]>().notNull(),
		status: incidentStatus('status').notNull().default('reported'),
		description: text('description').notNull(),
		affectedSystem: text('affected_system'),
		errorMessage: text('error_message'),
		scope: text('scope').$type<(typeof SCOPE_VALUES)[number]>().notNull(),
		impactLevel: text('impact_level').$type<(typeof IMPACT_LEVEL_VALUES)[number]>().notNull(),
		impact: text('impact'),
		/** The earliest start among its reports, on the server's clock. */
		startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
		/** The first report's `createdAt`, on the server's clock. */
		reportedAt: timestamp('reported_at', { withTimezone: true }).notNull(),
		createdBy: uuid('created_by')
			.notNull()
			.references(() => users.id),
		/** Counts changes people act on (the events API compares it); grouping does not bump it. */
		version: integer('version').notNull().default(1),
		/** The response times (first acknowledgement, escalation, last resolution, closing), for response figures. */
		acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
		escalatedAt: timestamp('escalated_at', { withTimezone: true }),
		resolvedAt: timestamp('resolved_at', { withTimezone: true }),
		closedAt: timestamp('closed_at', { withTimezone: true }),
		/** Who answered first (the desk officer sees "Đã tiếp nhận" by whom). */
		acknowledgedBy: uuid('acknowledged_by').references(() => users.id),
		/** The team member who took it on. */
		assigneeId: uuid('assignee_id').references(() => users.id),
		/** Set when merged as a duplicate: its reports, files and timeline moved there. */
		mergedInto: uuid('merged_into').references((): AnyPgColumn => incidents.id),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		// Listing, newest first (list.service.ts). The columns are declared in exactly the
		// list's order, `created_at desc nulls first, id desc nulls first` — PostgreSQL's
		// meaning of plain `desc`. Drizzle's `.desc()` alone means `desc nulls last`, an order
		// no `order by … desc` can use (even on columns that are never null): every page would
		// then sort all the incidents in scope.
		// - a ward's own (and a desk officer's `mine`, filtered on the way):
		index('incidents_ward_created_idx').on(t.wardId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
		// - the province (walked with its wards as a filter: on an install, most incidents are
		//   its wards'), an IT team (filtered by its escalations), a system administrator:
		index('incidents_created_idx').on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
		// - the inboxes (`status=reported,acknowledged,escalated`, `status=escalated`): the few
		//   unfinished incidents among years of closed ones. Without these, a page that is not
		//   full walks the whole history to prove there is nothing more. A status filter
		//   within this list is implied by the predicate, so the planner may use them. (The
		//   status is no key column: a condition on a later column with several values would
		//   make PostgreSQL 15 treat the scan as unordered and sort again.)
		index('incidents_open_created_idx')
			.on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst())
			.where(sql`${t.status} in ('reported', 'acknowledged', 'escalated', 'resolved')`),
		index('incidents_ward_open_created_idx')
			.on(t.wardId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst())
			.where(sql`${t.status} in ('reported', 'acknowledged', 'escalated', 'resolved')`),
		// `since` (what changed lately): a few rows found by time, then sorted.
		index('incidents_updated_idx').on(t.updatedAt),
		// Grouping looks for an open incident of one ward and category.
		index('incidents_grouping_idx').on(t.wardId, t.category, t.status),
		check('incidents_complexity_check', oneOf(t.complexity, COMPLEXITY_VALUES)),
		check('incidents_scope_check', oneOf(t.scope, SCOPE_VALUES)),
		check('incidents_impact_level_check', oneOf(t.impactLevel, IMPACT_LEVEL_VALUES))
	]
);

/**
 * Every report exactly as its device sent it (times as the device's clock said), with the
 * server's receive time and the device clock's skew beside it.
 */
export const incidentReports = pgTable(
	'incident_reports',
	{
		/** Made on the device: the idempotency key of `PUT /api/incidents/{id}`. */
		id: uuid('id').primaryKey(),
		incidentId: uuid('incident_id')
			.notNull()
			.references(() => incidents.id),
		reporterId: uuid('reporter_id')
			.notNull()
			.references(() => users.id),
		wardId: uuid('ward_id')
			.notNull()
			.references(() => units.id),
		category: text('category').notNull(),
		complexity: text('complexity').$type<(typeof COMPLEXITY_VALUES)[number]>().notNull(),
		description: text('description').notNull(),
		affectedSystem: text('affected_system'),
		errorMessage: text('error_message'),
		scope: text('scope').$type<(typeof SCOPE_VALUES)[number]>().notNull(),
		startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
		impactLevel: text('impact_level').$type<(typeof IMPACT_LEVEL_VALUES)[number]>().notNull(),
		impact: text('impact'),
		/** The report's `createdAt` from the device clock (not a server time). */
		createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
		receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
		/**
		 * Server time minus device time when it was sent; null when the device did not say.
		 * 64-bit: a desk PC with a flat clock battery can be years off.
		 */
		clockSkewMs: bigint('clock_skew_ms', { mode: 'number' }),
		/** `startedAt` moved onto the server's clock when the device clock was clearly off. */
		serverStartedAt: timestamp('server_started_at', { withTimezone: true }).notNull()
	},
	(t) => [
		index('incident_reports_incident_idx').on(t.incidentId, t.serverStartedAt),
		index('incident_reports_reporter_idx').on(t.reporterId),
		check('incident_reports_complexity_check', oneOf(t.complexity, COMPLEXITY_VALUES)),
		check('incident_reports_scope_check', oneOf(t.scope, SCOPE_VALUES)),
		check('incident_reports_impact_level_check', oneOf(t.impactLevel, IMPACT_LEVEL_VALUES))
	]
);

/** Files attached to a report (bytes in the blob store under their SHA-256). */
export const incidentAttachments = pgTable(
	'incident_attachments',
	{
		/** Made on the device: a repeat upload of the same id is recognised by it. */
		id: uuid('id').primaryKey(),
		incidentId: uuid('incident_id')
			.notNull()
			.references(() => incidents.id),
		reportId: uuid('report_id')
			.notNull()
			.references(() => incidentReports.id),
		name: text('name').notNull(),
		type: text('type').notNull(),
		size: integer('size').notNull(),
		/** Lower-case hex SHA-256 of the bytes: their address in the blob store. */
		sha256: text('sha256').notNull(),
		uploadedBy: uuid('uploaded_by')
			.notNull()
			.references(() => users.id),
		createdAt: createdAt()
	},
	(t) => [
		index('incident_attachments_incident_idx').on(t.incidentId),
		index('incident_attachments_report_idx').on(t.reportId)
	]
);

/** The incident's timeline and audit trail: who did what, when. */
export const incidentEvents = pgTable(
	'incident_events',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** Insertion order: events of one transaction share a time, and still read in order. */
		seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
		incidentId: uuid('incident_id')
			.notNull()
			.references(() => incidents.id),
		/**
		 * 'reported', 'report_grouped', the lifecycle's actions (domain/lifecycle.ts) and the
		 * system's own: 'routed', 'auto_escalated', 'reminded', 'auto_closed', 'merged_from'.
		 */
		type: text('type').notNull(),
		actorId: uuid('actor_id').references(() => users.id),
		reportId: uuid('report_id').references(() => incidentReports.id),
		note: text('note'),
		/** Facts of the event: the new complexity, the assignee, the merge target, who was told. */
		data: jsonb('data').$type<Record<string, unknown>>(),
		/** The id a device gave the action: a replay from its outbox is recognised by it. */
		clientId: uuid('client_id'),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('incident_events_incident_idx').on(t.incidentId, t.at, t.seq),
		uniqueIndex('incident_events_client_id_key').on(t.clientId)
	]
);

/**
 * The units beyond its ward an incident has reached (the province, IT teams): an IT team
 * sees an incident only from here, and acknowledges it here.
 */
export const incidentUnits = pgTable(
	'incident_units',
	{
		incidentId: uuid('incident_id')
			.notNull()
			.references(() => incidents.id),
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id),
		since: timestamp('since', { withTimezone: true }).notNull().defaultNow(),
		acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true })
	},
	(t) => [primaryKey({ columns: [t.incidentId, t.unitId] }), index('incident_units_unit_idx').on(t.unitId)]
);

/**
 * Each routing decision: who must hear about the incident, why, and when. The notification
 * layer delivers from here; the unique key makes a decision once per person and reason,
 * however often a report is synced or a timer fires.
 */
export const incidentRecipients = pgTable(
	'incident_recipients',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		incidentId: uuid('incident_id')
			.notNull()
			.references(() => incidents.id),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id),
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id),
		reason: text('reason').notNull(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('incident_recipients_once').on(t.incidentId, t.userId, t.reason),
		index('incident_recipients_user_idx').on(t.userId),
		// The delivery runner's sweep reads the last hour's decisions on every tick: without
		// this it would read every decision ever made.
		index('incident_recipients_at_idx').on(t.at)
	]
);

/**
 * Timers (domain/timers.ts) as rows, so that they survive a restart and fire once with
 * several server processes: a runner claims due rows with FOR UPDATE SKIP LOCKED.
 */
export const jobs = pgTable(
	'jobs',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		kind: text('kind').notNull(),
		incidentId: uuid('incident_id')
			.notNull()
			.references(() => incidents.id),
		runAt: timestamp('run_at', { withTimezone: true }).notNull(),
		/** Set once handled: 'done', 'skipped' (no longer needed when due) or 'cancelled'. */
		finishedAt: timestamp('finished_at', { withTimezone: true }),
		outcome: text('outcome'),
		attempts: integer('attempts').notNull().default(0),
		lastError: text('last_error'),
		createdAt: createdAt()
	},
	(t) => [
		index('jobs_due_idx').on(t.runAt).where(sql`${t.finishedAt} is null`),
		index('jobs_incident_idx').on(t.incidentId)
	]
);

export type Incident = typeof incidents.$inferSelect;
export type IncidentReport = typeof incidentReports.$inferSelect;
export type IncidentAttachment = typeof incidentAttachments.$inferSelect;
export type IncidentEvent = typeof incidentEvents.$inferSelect;
export type Job = typeof jobs.$inferSelect;

// ---------------------------------------------------------------------------------------
// Notifications

/** A browser's Web Push subscription (one per installed app on a device). */
export const pushSubscriptions = pgTable(
	'push_subscriptions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id),
		endpoint: text('endpoint').notNull(),
		p256dh: text('p256dh').notNull(),
		auth: text('auth').notNull(),
		userAgent: text('user_agent'),
		createdAt: createdAt(),
		lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
		lastError: text('last_error')
	},
	(t) => [uniqueIndex('push_subscriptions_endpoint_key').on(t.endpoint), index('push_subscriptions_user_idx').on(t.userId)]
);

/** Channels a person turned off (absent: on). Complex incidents reach the leader regardless. */
export const notificationPrefs = pgTable(
	'notification_prefs',
	{
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id),
		channel: text('channel').notNull(),
		enabled: boolean('enabled').notNull()
	},
	(t) => [primaryKey({ columns: [t.userId, t.channel] })]
);

/**
 * Every alert to every person on every channel: what, why, its state, attempts and error.
 * Unique per incident, person, reason and channel, so a report synced twice or a timer run
 * by two processes sends nothing extra. `key` is stable per person and reason (push Topic
 * and tag, e-mail Message-ID, ZNS tracking_id), so a repeat after a crash is collapsed by
 * the receiving side.
 */
export const deliveries = pgTable(
	'deliveries',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		incidentId: uuid('incident_id').references(() => incidents.id),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id),
		reason: text('reason').notNull(),
		channel: text('channel').notNull(),
		key: text('key').notNull(),
		/** queued → sending → sent | failed; 'skipped' when nobody needed it any more. */
		status: text('status').notNull().default('queued'),
		attempts: integer('attempts').notNull().default(0),
		nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
		/** When to try the next channel if nobody has reacted (the ladder); null: no ladder. */
		climbAt: timestamp('climb_at', { withTimezone: true }),
		lastError: text('last_error'),
		createdAt: createdAt(),
		sentAt: timestamp('sent_at', { withTimezone: true })
	},
	(t) => [
		uniqueIndex('deliveries_once').on(t.incidentId, t.userId, t.reason, t.channel),
		index('deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} in ('queued', 'sending')`),
		index('deliveries_climb_idx').on(t.climbAt).where(sql`${t.climbAt} is not null`),
		index('deliveries_incident_idx').on(t.incidentId)
	]
);

export type Delivery = typeof deliveries.$inferSelect;
export type PushSubscriptionRow = typeof pushSubscriptions.$inferSelect;

// ---------------------------------------------------------------------------------------
// Administration

/**
 * Every administrative change: who, when, what, before → after. Rows are only ever added.
 * `unit_id` is the unit the change belongs to (the unit itself, or the person's unit), so
 * that an administrator reads the entries of their own subtree and nothing else; the
 * actor's name is copied so the record reads the same after the account is renamed.
 */
export const auditLog = pgTable(
	'audit_log',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
		actorId: uuid('actor_id').references(() => users.id),
		actorName: text('actor_name').notNull(),
		action: text('action').notNull(),
		// A ward deleted before it was used (no people, no incidents) leaves its entries behind.
		unitId: uuid('unit_id').references(() => units.id, { onDelete: 'set null' }),
		/** The unit's parent at the time, so a province administrator sees its wards' entries. */
		parentUnitId: uuid('parent_unit_id').references(() => units.id, { onDelete: 'set null' }),
		entityId: uuid('entity_id'),
		/** A readable name of what changed (a ward's name, a person's username). */
		entityName: text('entity_name').notNull(),
		before: jsonb('before').$type<Record<string, unknown>>(),
		after: jsonb('after').$type<Record<string, unknown>>()
	},
	(t) => [
		index('audit_log_at_idx').on(t.at),
		index('audit_log_unit_idx').on(t.unitId, t.at),
		index('audit_log_parent_idx').on(t.parentUnitId, t.at)
	]
);
export type AuditEntry = typeof auditLog.$inferSelect;
