/**
 * `GET /api/incidents`: what the caller may see, newest first, a page at a time. The cursor
 * is opaque to callers: the last row's server creation time (to the microsecond, as the
 * database keeps it) and id, so a page never repeats or skips a row however many share a
 * millisecond.
 */
import { and, gte, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { INCIDENT_STATUSES, STATUS_GROUPS, type IncidentStatus, type IncidentSummary } from '$lib/domain/incident';
import { CATEGORY_IDS } from '$lib/domain/incident-catalog';
import type { Database } from '../db';
import { incidentReports, incidents, incidentUnits, units } from '../db/schema';
import { ApiError } from '../http/api';
import { isUuid, visibleIncidents, type Scope } from '../scope';
import { answeringUnit } from './relations';
import { summaryColumns, toSummary, wardJoin } from './view';

export const PAGE_DEFAULT = 50;
export const PAGE_MAX = 100;

export interface ListQuery {
	/** Statuses with the groups (`open`) spelt out; empty: any. */
	status: IncidentStatus[];
	category: string[];
	/** Incidents changed (reported, joined by a report, moved on) at or after this instant. */
	since: Date | null;
	limit: number;
	/** Only incidents this user reported (`?mine=1`: a desk officer following their reports). */
	mine: string | null;
	after: { createdAt: string; id: string } | null;
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

const invalid = (field: string) => new ApiError(400, 'validation_failed', { field, detail: 'invalid_value' });

/** Lists may be repeated (`status=a&status=b`) or comma-separated (`status=a,b`). */
function listParam(params: URLSearchParams, name: string, allowed: readonly string[]): string[] {
	const values = params.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
	if (values.some((v) => !allowed.includes(v))) throw invalid(name);
	return values;
}

type StatusGroup = keyof typeof STATUS_GROUPS;
const STATUS_FILTERS: readonly string[] = [...INCIDENT_STATUSES, ...Object.keys(STATUS_GROUPS)];

/** `open` → reported, acknowledged, escalated; each status once, in lifecycle order. */
function expandStatuses(values: readonly string[]): IncidentStatus[] {
	const wanted = new Set<string>(values.flatMap((v): readonly string[] => (v in STATUS_GROUPS ? STATUS_GROUPS[v as StatusGroup] : [v])));
	return INCIDENT_STATUSES.filter((s) => wanted.has(s));
}

export function parseListQuery(params: URLSearchParams, userId: string): ListQuery {
	const status = expandStatuses(listParam(params, 'status', STATUS_FILTERS));
	const category = listParam(params, 'category', CATEGORY_IDS);

	// An unencoded "+07:00" arrives as " 07:00" (a plus in a query string is a space).
	const sinceText = params.get('since')?.trim().replace(/ (\d{2}:\d{2})$/, '+$1');
	let since: Date | null = null;
	if (sinceText) {
		since = new Date(sinceText);
		if (!ISO_WITH_OFFSET.test(sinceText) || Number.isNaN(since.getTime())) throw invalid('since');
	}

	const limitText = params.get('limit')?.trim();
	let limit = PAGE_DEFAULT;
	if (limitText) {
		limit = Number(limitText);
		if (!/^\d+$/.test(limitText) || limit < 1 || limit > PAGE_MAX) throw invalid('limit');
	}

	const cursor = params.get('cursor')?.trim();
	const mineText = params.get('mine')?.trim();
	if (mineText && mineText !== '1') throw invalid('mine');
	return { status, category, since, limit, mine: mineText ? userId : null, after: cursor ? decodeCursor(cursor) : null };
}

function encodeCursor(createdAt: string, id: string): string {
	return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

function decodeCursor(cursor: string): ListQuery['after'] {
	try {
		const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
		if (Array.isArray(value) && value.length === 2) {
			const [createdAt, id] = value as unknown[];
			if (typeof createdAt === 'string' && CURSOR_TIME.test(createdAt) && typeof id === 'string' && isUuid(id)) {
				return { createdAt, id };
			}
		}
	} catch {
		// Falls through to the refusal below.
	}
	throw new ApiError(400, 'bad_request');
}

/** The creation time as the cursor carries it: UTC, microseconds, independent of session settings. */
const createdAtText = sql<string>`to_char(${incidents.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Newest first, spelt exactly as the indexes that serve the list are declared (schema.ts:
 * `incidents_created_idx`, `incidents_ward_created_idx` and their partial twins for
 * unfinished incidents), so that PostgreSQL reads a page straight off an index instead of
 * sorting every visible incident. `desc` alone already means `nulls first` in PostgreSQL;
 * it is written out because drizzle's `.desc()` on an index means `desc nulls last`, which
 * no `order by … desc` can use, even on columns that are never null.
 */
const NEWEST_FIRST = [sql`${incidents.createdAt} desc nulls first`, sql`${incidents.id} desc nulls first`];

/**
 * `status in ('reported', 'acknowledged', 'escalated')` with the statuses as constants, not
 * bound parameters: the partial indexes of unfinished incidents (`incidents_open_created_idx`,
 * `incidents_ward_open_created_idx`, `where status in (…, 'resolved')`) serve a filter only
 * when the planner can prove it implies their predicate, and it proves that from constants —
 * a prepared statement's generic plan, holding `$1, $2…`, would have to read the whole
 * history. The text comes from INCIDENT_STATUSES itself, never from the request.
 */
function statusIn(statuses: readonly IncidentStatus[]): SQL {
	const literals = INCIDENT_STATUSES.filter((s) => statuses.includes(s)).map((s) => `'${s}'`);
	return sql`${incidents.status} in (${sql.raw(literals.join(', '))})`;
}

/**
 * The list's query, not yet run: `listIncidents` runs it; a test reads its plan
 * (`.toSQL()`) to check that an index serves its order.
 */
export function listIncidentsQuery(db: Database, scope: Scope, query: ListQuery) {
	// A merged duplicate lives on in the incident it joined.
	const conditions: (SQL | undefined)[] = [visibleIncidents(scope), isNull(incidents.mergedInto)];
	if (query.mine) {
		// Checked row by row on the way down the ward's index (`offset 0` keeps PostgreSQL from
		// turning it into a join): as a join, the planner cannot know that a desk officer's
		// reports all lie in their own ward, expects a handful, and fetches and sorts the whole
		// ward instead — 90–300 ms in a busy ward, against about 1 ms. Someone who never
		// reported anything gets the empty answer at once instead of a walk through the scope.
		conditions.push(
			sql`exists (select 1 from ${incidentReports} where ${incidentReports.reporterId} = ${query.mine})`,
			sql`exists (select 1 from ${incidentReports} where ${incidentReports.incidentId} = ${incidents.id} and ${incidentReports.reporterId} = ${query.mine} offset 0)`
		);
	}
	if (query.status.length) conditions.push(statusIn(query.status));
	if (query.category.length) conditions.push(inArray(incidents.category, query.category));
	if (query.since) conditions.push(gte(incidents.updatedAt, query.since));
	if (query.after) {
		conditions.push(
			sql`(${incidents.createdAt}, ${incidents.id}) < (${query.after.createdAt}::timestamptz, ${query.after.id}::uuid)`
		);
	}
	// The province or IT team asking: when it took each incident up (its inbox hides "Tiếp nhận" then).
	const unit = answeringUnit(scope);
	const unitAcknowledgedAt = unit
		? sql<string | null>`(select to_char(${incidentUnits.acknowledgedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') from ${incidentUnits} where ${incidentUnits.incidentId} = ${incidents.id} and ${incidentUnits.unitId} = ${unit})`
		: sql<null>`null`;
	return db
		.select({ ...summaryColumns, cursorTime: createdAtText, unitAcknowledgedAt })
		.from(incidents)
		.innerJoin(units, wardJoin)
		.where(and(...conditions))
		.orderBy(...NEWEST_FIRST)
		.limit(query.limit + 1);
}

export async function listIncidents(
	db: Database,
	scope: Scope,
	query: ListQuery
): Promise<{ items: IncidentSummary[]; next: string | null }> {
	const rows = await listIncidentsQuery(db, scope, query);

	const page = rows.slice(0, query.limit);
	const last = page[page.length - 1];
	const next = rows.length > query.limit && last ? encodeCursor(last.cursorTime, last.id) : null;
	const items = page.map((row) => {
		const summary = toSummary(row);
		if (row.unitAcknowledgedAt) summary.unitAcknowledgedAt = row.unitAcknowledgedAt;
		return summary;
	});
	return { items, next };
}
