/**
 * What the server answers about incidents (`GET /api/incidents`, `GET /api/incidents/{id}`,
 * `PUT /api/incidents/{id}`): shared so that the device reads exactly what the server writes.
 * Report fields keep the names of the report body; optional text that was not given is
 * absent, never null, so a received incident's fields pass `reportSchema` again.
 */
import type { CategoryId, Complexity } from './incident-catalog';
import type { EventType } from './lifecycle';
import type { Unreachable } from './notifications';
import type { ImpactLevel, ReportScope } from './report';

export const INCIDENT_STATUSES = ['reported', 'acknowledged', 'escalated', 'resolved', 'closed', 'withdrawn'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/**
 * Still being answered: the "Đang mở" view. `GET /api/incidents?status=open` means these;
 * `closed` there is the one state "Đã đóng" (resolved incidents wait for the reporter's
 * confirmation and may reopen; withdrawn ones are "Đã rút").
 */
export const OPEN_STATUSES: readonly IncidentStatus[] = ['reported', 'acknowledged', 'escalated'];

/** Names of status groups a list filter accepts beside the statuses themselves. */
export const STATUS_GROUPS = { open: OPEN_STATUSES } as const;

/** No new report joins an incident in these states: a new failure is a new incident. */
export const FINISHED_STATUSES: readonly IncidentStatus[] = ['resolved', 'closed', 'withdrawn'];

/** Shared-failure reports of one ward and category whose starts lie this close group together. */
export const GROUPING_WINDOW_MS = 30 * 60 * 1000;

export interface IncidentSummary {
	id: string;
	wardId: string;
	wardName: string;
	status: IncidentStatus;
	version: number;
	category: CategoryId;
	complexity: Complexity;
	description: string;
	affectedSystem?: string;
	errorMessage?: string;
	scope: ReportScope;
	/** The earliest start among the incident's reports (server clock), ISO 8601 UTC. */
	startedAt: string;
	impactLevel: ImpactLevel;
	impact?: string;
	/** When the first report was made (server clock). */
	createdAt: string;
	/** When the server received the first report. */
	receivedAt: string;
	updatedAt: string;
	reportCount: number;
	/** The response so far (absent until it happens). */
	acknowledgedAt?: string;
	acknowledgedBy?: PersonRef;
	escalatedAt?: string;
	resolvedAt?: string;
	closedAt?: string;
	assignee?: PersonRef;
	/** In lists for the province or an IT team: when the caller's own unit took it up. */
	unitAcknowledgedAt?: string;
}

export interface PersonRef {
	id: string;
	fullName: string;
}

export interface AttachmentInfo {
	id: string;
	/** The report the file was attached to (its reporter sent it). */
	reportId: string;
	name: string;
	type: string;
	size: number;
	sha256: string;
}

export interface TimelineEntry {
	type: string;
	at: string;
	/** Null for what the system did (a timer, routing). */
	actor: PersonRef | null;
	reportId: string | null;
	note: string | null;
	/** Facts of the event: the new complexity, the assignee's name, who was told. */
	data: Record<string, unknown> | null;
}

/** Someone who was told about the incident, and why (domain/routing.ts reasons). */
export interface RecipientInfo {
	userId: string;
	fullName: string;
	unitName: string;
	reason: string;
	at: string;
}

/** A unit beyond the ward the incident reached (the province, an IT team). */
export interface ReachedUnit {
	unitId: string;
	name: string;
	kind: 'province' | 'it_team';
	since: string;
	acknowledgedAt?: string;
}

export interface IncidentDetail extends IncidentSummary {
	/** Every report grouped into the incident, oldest first; the first is the incident's id. */
	reportIds: string[];
	reporters: { id: string; fullName: string }[];
	attachments: AttachmentInfo[];
	timeline: TimelineEntry[];
	recipients: RecipientInfo[];
	reached: ReachedUnit[];
	/** What the caller may do now (domain/lifecycle.ts `availableActions`). */
	actions: EventType[];
	/** Every alert sent about it: to whom, on which channel, why, and how it went. */
	deliveries: DeliveryInfo[];
}

export interface DeliveryInfo {
	userId: string;
	fullName: string;
	channel: string;
	reason: string;
	/** queued, sending, sent, failed */
	status: string;
	attempts: number;
	lastError: string | null;
	/** On the record saying nobody could be reached: why, channel by channel. */
	unreachable?: Unreachable;
	at: string;
	sentAt: string | null;
}
