/**
 * The authorisation matrix: who may do what, to what, from where — as data.
 *
 * Each row is one endpoint and method (and, for `POST …/events`, one action) against one
 * target, and says what each caller gets. `authorization-matrix.test.ts` builds one world,
 * calls the real route handlers on the real database for every cell, and reports every
 * answer that differs from the table. A new endpoint must add its rows: the test refuses a
 * route file or method the table does not name.
 *
 * The world (authorization-world.ts): province P with wards A and B and two IT teams — N,
 * which covers the incidents' categories, and R, which covers printers only — and province Q
 * with ward C and its own IT team. Every caller belongs to A, to P or to P's IT teams, or is
 * the system administrator; "no session" is an anonymous request.
 *
 * Places, seen from the callers:
 * - `home`: ward A (the ward people's own ward, a ward of the province people's province);
 * - `sibling`: ward B, another ward of the same province;
 * - `foreign`: ward C, in province Q;
 * - `notEscalated`: an incident of ward A that was never escalated, so that no IT team has it;
 * - `self`: no target — the caller's own account, a list, a public file.
 * An incident's `state` defaults to escalated: it reached the province and N (at `foreign`:
 * Q and Q's team), so the covering team may see it; R never sees any incident.
 *
 * Outcomes are statuses; `listed` / `hidden` are for lists (200, and the place's target is
 * or is not in it). The rules, from DESIGN.md §7 and §9 and the README: outside the
 * caller's scope is 404, an action the caller may not take on what it can see is 403, 409
 * when the state (not the permission) refuses. A body naming a unit outside the
 * administrator's reach (a parent, a person's unit) is refused as a field error, 400, just
 * as a unit that does not exist would be: the addressed resource is the list, not that unit.
 */
import type { EventType } from '$lib/domain/lifecycle';

export const ROLES = [
	'desk',
	'member',
	'leader',
	'deputy',
	'province',
	'itCovering',
	'itOther',
	'wardAdmin',
	'provinceAdmin',
	'systemAdmin',
	'anonymous'
] as const;
export type MatrixRole = (typeof ROLES)[number];

/** How the report names each role. */
export const ROLE_NAMES: Record<MatrixRole, string> = {
	desk: 'desk officer',
	member: 'team member',
	leader: 'leader',
	deputy: 'deputy',
	province: 'province team',
	itCovering: 'IT team (covering)',
	itOther: 'IT team (not involved)',
	wardAdmin: 'ward admin',
	provinceAdmin: 'province admin',
	systemAdmin: 'system admin',
	anonymous: 'no session'
};

export type Place = 'home' | 'sibling' | 'foreign' | 'notEscalated' | 'self';
export type IncidentState = 'reported' | 'escalated' | 'resolved';

/** Targets the place alone does not name. */
export type TargetVariant =
	/** PUT /api/incidents/{id}: a new id, made on the device. */
	| 'new id'
	/** PUT /api/incidents/{id}: the id and the very body of a report the desk officer filed. */
	| 'own report'
	/** An attachment id already used at the place, sent for the desk officer's own report with other bytes. */
	| 'id taken'
	/** POST …/events: the device id of an action the place's reporter already took on the incident. */
	| 'device id used'
	/** The incident was filed by another desk officer of ward A (the desk officer is a colleague, not its reporter). */
	| 'colleague'
	/** The place's province (P or Q) rather than its ward. */
	| 'province'
	/** The place's IT team (N or Q's) rather than its ward. */
	| 'it team'
	/** The Provincial Working Group member of the place's province. */
	| 'province person'
	/** A ward of the place's province nobody has used yet (it may be deleted). */
	| 'unused ward'
	/** A contact of ward B addressed under ward A's path. */
	| 'contact of another unit'
	/** A ward under the place's province, to create. */
	| 'new ward'
	/** A province, to create. */
	| 'new province'
	/** An upload the desk officer began for the report of the home ward. */
	| 'own upload';

export type Outcome = 200 | 201 | 204 | 400 | 401 | 403 | 404 | 409 | 'listed' | 'hidden';
const L = 'listed';
const H = 'hidden';

/** One outcome per role, in the order of ROLES. */
export type Expectations = readonly [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome];

/**
 * A cell where the code does not follow the rule yet: the table keeps the rule, the test
 * reports what these roles get instead (and fails if they get anything else, or the rule).
 */
export interface KnownIssue {
	name: string;
	roles: readonly MatrixRole[];
	/** What those roles get today. */
	actual: Outcome;
	rule: string;
}

export interface MatrixRow {
	/** `METHOD /api/path`, the path as the route directories name it. */
	endpoint: Endpoint;
	place: Place;
	event?: EventType;
	state?: IncidentState;
	target?: TargetVariant;
	expect: Expectations;
	knownIssue?: KnownIssue;
}

export const ENDPOINTS = [
	'GET /api/health',
	'HEAD /api/health',
	'POST /api/session',
	'DELETE /api/session',
	'GET /api/me',
	'PATCH /api/me',
	'POST /api/me/password',
	'GET /api/me/notifications',
	'PUT /api/me/notifications',
	'PUT /api/me/notifications/push',
	'DELETE /api/me/notifications/push',
	'POST /api/me/notifications/test',
	'GET /api/stream',
	'GET /api/units',
	'GET /api/units/{id}',
	'PUT /api/units/{id}/notice',
	'GET /api/units/{id}/notice/audio',
	'PUT /api/units/{id}/notice/audio',
	'DELETE /api/units/{id}/notice/audio',
	'GET /api/procedures/{id}',
	'PUT /api/procedures/{id}',
	'POST /api/procedures/{id}/files',
	'DELETE /api/procedures/{id}/files/{fileId}',
	'GET /api/public/wards',
	'GET /api/public/wards/{slug}',
	'GET /api/public/wards/{slug}/notice-audio/{version}',
	'GET /api/public/wards/{slug}/status-qr.svg',
	'GET /api/public/checklist-qr.svg',
	'GET /api/public/procedures',
	'GET /api/public/procedures/{id}/files/{fileId}',
	'PUT /api/incidents/{id}',
	'GET /api/incidents',
	'GET /api/incidents/{id}',
	'POST /api/incidents/{id}/events',
	'GET /api/incidents/{id}/attachments/{attachmentId}',
	'HEAD /api/incidents/{id}/attachments/{attachmentId}',
	'PUT /api/incidents/{id}/attachments/{attachmentId}',
	'POST /api/uploads/{...path}',
	'HEAD /api/uploads/{...path}',
	'PATCH /api/uploads/{...path}',
	'DELETE /api/uploads/{...path}',
	'OPTIONS /api/uploads/{...path}',
	'GET /api/admin/deliveries',
	'GET /api/admin/units',
	'POST /api/admin/units',
	'GET /api/admin/units/{id}',
	'PATCH /api/admin/units/{id}',
	'DELETE /api/admin/units/{id}',
	'PUT /api/admin/units/{id}/leadership',
	'GET /api/admin/units/{id}/contacts',
	'POST /api/admin/units/{id}/contacts',
	'PUT /api/admin/units/{id}/contacts/{contactId}',
	'DELETE /api/admin/units/{id}/contacts/{contactId}',
	'GET /api/admin/users',
	'POST /api/admin/users',
	'GET /api/admin/users/{id}',
	'PATCH /api/admin/users/{id}',
	'POST /api/admin/users/{id}/password',
	'POST /api/admin/import',
	'GET /api/admin/export',
	'GET /api/admin/audit',
	'fallback /api/{...rest}'
] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

const row = (endpoint: Endpoint, place: Place, expect: Expectations, more: Partial<MatrixRow> = {}): MatrixRow => ({
	endpoint,
	place,
	expect,
	...more
});
const act = (event: EventType, state: IncidentState, place: Place, expect: Expectations, more: Partial<MatrixRow> = {}): MatrixRow =>
	row('POST /api/incidents/{id}/events', place, expect, { event, state, ...more });

/**
 * DESIGN.md §7: "Attachments are visible only to the people the incident is routed to".
 * Administrators are never routed an incident (nor told of one), yet the attachment routes
 * serve them every file of the incidents they may list — screenshots that may show
 * citizens' personal data.
 */
const attachmentsForAdmins = (roles: MatrixRole[]): KnownIssue => ({
	name: 'attachments-reach-administrators',
	roles,
	actual: 200,
	rule: 'attachments only for the people an incident is routed to (DESIGN.md §7)'
});

const EVERYONE_200: Expectations = [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200];
const SIGNED_IN_200: Expectations = [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401];
const SIGNED_IN_204: Expectations = [204, 204, 204, 204, 204, 204, 204, 204, 204, 204, 401];

// Columns: desk officer, team member, leader, deputy, province team, IT team covering, IT team
// not involved, ward admin, province admin, system admin, no session.
export const MATRIX: readonly MatrixRow[] = [
	// --- Open to all, and the caller's own account -------------------------------------------------------
	//                                                   place           desk memb lead dept prov itC  itO  wAdm pAdm sAdm anon
	row('GET /api/health',                              'self',         EVERYONE_200),
	row('HEAD /api/health',                             'self',         EVERYONE_200),
	// Each signs in with their own password; "no session" with a name nobody has.
	row('POST /api/session',                            'self',         [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401]),
	row('DELETE /api/session',                          'self',         [204, 204, 204, 204, 204, 204, 204, 204, 204, 204, 204]),
	row('GET /api/me',                                  'self',         SIGNED_IN_200),
	row('PATCH /api/me',                                'self',         SIGNED_IN_200),
	row('POST /api/me/password',                        'self',         SIGNED_IN_204),
	row('GET /api/me/notifications',                    'self',         SIGNED_IN_200),
	row('PUT /api/me/notifications',                    'self',         SIGNED_IN_200),
	row('PUT /api/me/notifications/push',               'self',         SIGNED_IN_200),
	row('DELETE /api/me/notifications/push',            'self',         SIGNED_IN_200),
	row('POST /api/me/notifications/test',              'self',         SIGNED_IN_200),
	row('GET /api/stream',                              'self',         SIGNED_IN_200),
	row('fallback /api/{...rest}',                      'self',         [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404]),

	// --- Public: citizens' phones and the notice display ----------------------------------------------------
	row('GET /api/public/wards',                        'self',         EVERYONE_200),
	row('GET /api/public/wards/{slug}',                 'home',         EVERYONE_200),
	row('GET /api/public/wards/{slug}',                 'sibling',      EVERYONE_200),
	row('GET /api/public/wards/{slug}',                 'foreign',      EVERYONE_200),
	row('GET /api/public/wards/{slug}/notice-audio/{version}', 'home',  EVERYONE_200),
	row('GET /api/public/wards/{slug}/notice-audio/{version}', 'sibling', EVERYONE_200),
	row('GET /api/public/wards/{slug}/notice-audio/{version}', 'foreign', EVERYONE_200),
	row('GET /api/public/wards/{slug}/status-qr.svg',   'home',         EVERYONE_200),
	row('GET /api/public/wards/{slug}/status-qr.svg',   'sibling',      EVERYONE_200),
	row('GET /api/public/wards/{slug}/status-qr.svg',   'foreign',      EVERYONE_200),
	row('GET /api/public/checklist-qr.svg',             'self',         EVERYONE_200),
	row('GET /api/public/procedures',                   'self',         EVERYONE_200),
	row('GET /api/public/procedures/{id}/files/{fileId}', 'self',       EVERYONE_200),

	// --- The organisation as people see it ---------------------------------------------------------------
	//                                                   place           desk memb lead dept prov itC  itO  wAdm pAdm sAdm anon
	row('GET /api/units',                               'home',         [L,   L,   L,   L,   L,   L,   H,   L,   L,   L,   401]),
	row('GET /api/units',                               'sibling',      [H,   H,   H,   H,   L,   L,   H,   H,   L,   L,   401]),
	row('GET /api/units',                               'foreign',      [H,   H,   H,   H,   H,   H,   H,   H,   H,   L,   401]),
	// An IT team sees the wards its escalations came from (their leaders' phones): N had A's and B's.
	row('GET /api/units/{id}',                          'home',         [200, 200, 200, 200, 200, 200, 404, 200, 200, 200, 401]),
	row('GET /api/units/{id}',                          'sibling',      [404, 404, 404, 404, 200, 200, 404, 404, 200, 200, 401]),
	row('GET /api/units/{id}',                          'foreign',      [404, 404, 404, 404, 404, 404, 404, 404, 404, 200, 401]),
	row('GET /api/units/{id}',                          'home',         [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401], { target: 'province' }),
	row('GET /api/units/{id}',                          'foreign',      [404, 404, 404, 404, 404, 404, 404, 404, 404, 200, 401], { target: 'province' }),
	row('GET /api/units/{id}',                          'home',         [200, 200, 200, 200, 200, 200, 404, 200, 200, 200, 401], { target: 'it team' }),
	row('GET /api/units/{id}',                          'foreign',      [404, 404, 404, 404, 404, 404, 404, 404, 404, 200, 401], { target: 'it team' }),
	// The ward's own notice: administrators; its recording: administrators and the leader and deputy.
	row('PUT /api/units/{id}/notice',                   'home',         [403, 403, 403, 403, 403, 403, 404, 204, 204, 204, 401]),
	row('PUT /api/units/{id}/notice',                   'sibling',      [404, 404, 404, 404, 403, 403, 404, 404, 204, 204, 401]),
	row('PUT /api/units/{id}/notice',                   'foreign',      [404, 404, 404, 404, 404, 404, 404, 404, 404, 204, 401]),
	row('GET /api/units/{id}/notice/audio',             'home',         [403, 403, 200, 200, 403, 403, 404, 200, 200, 200, 401]),
	row('GET /api/units/{id}/notice/audio',             'sibling',      [404, 404, 404, 404, 403, 403, 404, 404, 200, 200, 401]),
	row('GET /api/units/{id}/notice/audio',             'foreign',      [404, 404, 404, 404, 404, 404, 404, 404, 404, 200, 401]),
	// The same bytes again: the recording is replaced, 200.
	row('PUT /api/units/{id}/notice/audio',             'home',         [403, 403, 200, 200, 403, 403, 404, 200, 200, 200, 401]),
	row('PUT /api/units/{id}/notice/audio',             'sibling',      [404, 404, 404, 404, 403, 403, 404, 404, 200, 200, 401]),
	row('PUT /api/units/{id}/notice/audio',             'foreign',      [404, 404, 404, 404, 404, 404, 404, 404, 404, 200, 401]),
	row('DELETE /api/units/{id}/notice/audio',          'home',         [403, 403, 204, 204, 403, 403, 404, 204, 204, 204, 401]),
	row('DELETE /api/units/{id}/notice/audio',          'sibling',      [404, 404, 404, 404, 403, 403, 404, 404, 204, 204, 401]),
	row('DELETE /api/units/{id}/notice/audio',          'foreign',      [404, 404, 404, 404, 404, 404, 404, 404, 404, 204, 401]),

	// --- The shared checklist: administrators of a province or the system ---------------------------------
	row('GET /api/procedures/{id}',                     'self',         [403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 401]),
	row('PUT /api/procedures/{id}',                     'self',         [403, 403, 403, 403, 403, 403, 403, 403, 204, 204, 401]),
	row('POST /api/procedures/{id}/files',              'self',         [403, 403, 403, 403, 403, 403, 403, 403, 201, 201, 401]),
	row('DELETE /api/procedures/{id}/files/{fileId}',   'self',         [403, 403, 403, 403, 403, 403, 403, 403, 204, 204, 401]),

	// --- Reports ------------------------------------------------------------------------------------------
	//                                                   place           desk memb lead dept prov itC  itO  wAdm pAdm sAdm anon
	// Filing is for the ward's desk officers and Response Team; a report id of another ward is
	// not found whatever the body; a colleague's id in the same ward is a conflict.
	row('PUT /api/incidents/{id}',                      'home',         [201, 201, 201, 201, 403, 403, 403, 403, 403, 403, 401], { target: 'new id' }),
	row('PUT /api/incidents/{id}',                      'home',         [200, 409, 409, 409, 403, 403, 403, 403, 403, 403, 401], { target: 'own report' }),
	row('PUT /api/incidents/{id}',                      'sibling',      [404, 404, 404, 404, 403, 403, 403, 403, 403, 403, 401], { target: 'own report' }),
	row('PUT /api/incidents/{id}',                      'foreign',      [404, 404, 404, 404, 403, 403, 403, 403, 403, 403, 401], { target: 'own report' }),
	row('GET /api/incidents',                           'home',         [L,   L,   L,   L,   L,   L,   H,   L,   L,   L,   401]),
	row('GET /api/incidents',                           'sibling',      [H,   H,   H,   H,   L,   L,   H,   H,   L,   L,   401]),
	row('GET /api/incidents',                           'foreign',      [H,   H,   H,   H,   H,   H,   H,   H,   H,   L,   401]),
	row('GET /api/incidents',                           'notEscalated', [L,   L,   L,   L,   L,   H,   H,   L,   L,   L,   401]),
	row('GET /api/incidents/{id}',                      'home',         [200, 200, 200, 200, 200, 200, 404, 200, 200, 200, 401]),
	row('GET /api/incidents/{id}',                      'sibling',      [404, 404, 404, 404, 200, 200, 404, 404, 200, 200, 401]),
	row('GET /api/incidents/{id}',                      'foreign',      [404, 404, 404, 404, 404, 404, 404, 404, 404, 200, 401]),
	row('GET /api/incidents/{id}',                      'notEscalated', [200, 200, 200, 200, 200, 404, 404, 200, 200, 200, 401]),

	// --- Attachments: read by those who see the incident (administrators: see knownIssue), written by the report's author
	row('GET /api/incidents/{id}/attachments/{attachmentId}',  'home',         [200, 200, 200, 200, 200, 200, 404, 403, 403, 403, 401], { knownIssue: attachmentsForAdmins(['wardAdmin', 'provinceAdmin', 'systemAdmin']) }),
	row('GET /api/incidents/{id}/attachments/{attachmentId}',  'sibling',      [404, 404, 404, 404, 200, 200, 404, 404, 403, 403, 401], { knownIssue: attachmentsForAdmins(['provinceAdmin', 'systemAdmin']) }),
	row('GET /api/incidents/{id}/attachments/{attachmentId}',  'foreign',      [404, 404, 404, 404, 404, 404, 404, 404, 404, 403, 401], { knownIssue: attachmentsForAdmins(['systemAdmin']) }),
	row('GET /api/incidents/{id}/attachments/{attachmentId}',  'notEscalated', [200, 200, 200, 200, 200, 404, 404, 403, 403, 403, 401], { knownIssue: attachmentsForAdmins(['wardAdmin', 'provinceAdmin', 'systemAdmin']) }),
	row('HEAD /api/incidents/{id}/attachments/{attachmentId}', 'home',         [200, 200, 200, 200, 200, 200, 404, 403, 403, 403, 401], { knownIssue: attachmentsForAdmins(['wardAdmin', 'provinceAdmin', 'systemAdmin']) }),
	row('HEAD /api/incidents/{id}/attachments/{attachmentId}', 'sibling',      [404, 404, 404, 404, 200, 200, 404, 404, 403, 403, 401], { knownIssue: attachmentsForAdmins(['provinceAdmin', 'systemAdmin']) }),
	row('HEAD /api/incidents/{id}/attachments/{attachmentId}', 'foreign',      [404, 404, 404, 404, 404, 404, 404, 404, 404, 403, 401], { knownIssue: attachmentsForAdmins(['systemAdmin']) }),
	row('HEAD /api/incidents/{id}/attachments/{attachmentId}', 'notEscalated', [200, 200, 200, 200, 200, 404, 404, 403, 403, 403, 401], { knownIssue: attachmentsForAdmins(['wardAdmin', 'provinceAdmin', 'systemAdmin']) }),
	//                                                          place           desk memb lead dept prov itC  itO  wAdm pAdm sAdm anon
	row('PUT /api/incidents/{id}/attachments/{attachmentId}',  'home',         [201, 403, 403, 403, 403, 403, 404, 403, 403, 403, 401]),
	row('PUT /api/incidents/{id}/attachments/{attachmentId}',  'sibling',      [404, 404, 404, 404, 403, 403, 404, 404, 403, 403, 401]),
	row('PUT /api/incidents/{id}/attachments/{attachmentId}',  'foreign',      [404, 404, 404, 404, 404, 404, 404, 404, 404, 403, 401]),
	row('PUT /api/incidents/{id}/attachments/{attachmentId}',  'notEscalated', [201, 403, 403, 403, 403, 404, 404, 403, 403, 403, 401]),
	// The desk officer's own report, under an attachment id already used at the place: a
	// conflict in its own ward, not found when the id belongs to another ward's file.
	row('PUT /api/incidents/{id}/attachments/{attachmentId}',  'home',         [409, 403, 403, 403, 403, 403, 404, 403, 403, 403, 401], { target: 'id taken' }),
	row('PUT /api/incidents/{id}/attachments/{attachmentId}',  'sibling',      [404, 403, 403, 403, 403, 403, 404, 403, 403, 403, 401], { target: 'id taken' }),
	row('PUT /api/incidents/{id}/attachments/{attachmentId}',  'foreign',      [404, 403, 403, 403, 403, 403, 404, 403, 403, 403, 401], { target: 'id taken' }),
	// Resumable uploads: begun by the report's author only; an upload is its maker's alone.
	row('POST /api/uploads/{...path}',                          'home',         [201, 403, 403, 403, 403, 403, 404, 403, 403, 403, 401]),
	row('POST /api/uploads/{...path}',                          'sibling',      [404, 404, 404, 404, 403, 403, 404, 404, 403, 403, 401]),
	row('POST /api/uploads/{...path}',                          'foreign',      [404, 404, 404, 404, 404, 404, 404, 404, 404, 403, 401]),
	row('POST /api/uploads/{...path}',                          'notEscalated', [201, 403, 403, 403, 403, 404, 404, 403, 403, 403, 401]),
	row('HEAD /api/uploads/{...path}',                          'home',         [200, 404, 404, 404, 404, 404, 404, 404, 404, 404, 401], { target: 'own upload' }),
	row('PATCH /api/uploads/{...path}',                         'home',         [204, 404, 404, 404, 404, 404, 404, 404, 404, 404, 401], { target: 'own upload' }),
	row('DELETE /api/uploads/{...path}',                        'home',         [204, 404, 404, 404, 404, 404, 404, 404, 404, 404, 401], { target: 'own upload' }),
	row('OPTIONS /api/uploads/{...path}',                       'self',         SIGNED_IN_204),

	// --- The lifecycle: POST /api/incidents/{id}/events, one row per action, state and place --------------
	// At home the desk officer is the incident's reporter (unless `colleague`); at the other
	// places its ward's own desk officer is. Escalations were made by the province team.
	//                                                   place           desk memb lead dept prov itC  itO  wAdm pAdm sAdm anon
	act('acknowledge',  'escalated', 'home',         [403, 201, 201, 201, 201, 201, 404, 403, 403, 403, 401]),
	act('acknowledge',  'escalated', 'sibling',      [404, 404, 404, 404, 201, 201, 404, 404, 403, 403, 401]),
	act('acknowledge',  'escalated', 'foreign',      [404, 404, 404, 404, 404, 404, 404, 404, 404, 403, 401]),
	act('acknowledge',  'reported',  'home',         [403, 201, 201, 201, 201, 404, 404, 403, 403, 403, 401]),
	act('escalate',     'reported',  'home',         [403, 403, 201, 201, 201, 404, 404, 403, 403, 403, 401]),
	act('escalate',     'reported',  'sibling',      [404, 404, 404, 404, 201, 404, 404, 404, 403, 403, 401]),
	act('escalate',     'reported',  'foreign',      [404, 404, 404, 404, 404, 404, 404, 404, 404, 403, 401]),
	act('escalate',     'escalated', 'home',         [403, 403, 409, 409, 409, 403, 404, 403, 403, 403, 401]),
	act('assign',       'escalated', 'home',         [403, 403, 201, 201, 403, 403, 404, 403, 403, 403, 401]),
	act('assign',       'escalated', 'sibling',      [404, 404, 404, 404, 403, 403, 404, 404, 403, 403, 401]),
	act('assign',       'escalated', 'foreign',      [404, 404, 404, 404, 404, 404, 404, 404, 404, 403, 401]),
	act('comment',      'escalated', 'home',         [201, 201, 201, 201, 201, 201, 404, 403, 403, 403, 401]),
	act('comment',      'escalated', 'home',         [403, 201, 201, 201, 201, 201, 404, 403, 403, 403, 401], { target: 'colleague' }),
	act('comment',      'escalated', 'sibling',      [404, 404, 404, 404, 201, 201, 404, 404, 403, 403, 401]),
	act('comment',      'escalated', 'foreign',      [404, 404, 404, 404, 404, 404, 404, 404, 404, 403, 401]),
	act('comment',      'reported',  'notEscalated', [201, 201, 201, 201, 201, 404, 404, 403, 403, 403, 401]),
	// Someone else's device id is a conflict where the incident is visible, not found elsewhere.
	act('comment',      'escalated', 'home',         [200, 409, 409, 409, 409, 409, 404, 409, 409, 409, 401], { target: 'device id used' }),
	act('comment',      'escalated', 'sibling',      [404, 404, 404, 404, 409, 409, 404, 404, 409, 409, 401], { target: 'device id used' }),
	act('comment',      'escalated', 'foreign',      [404, 404, 404, 404, 404, 404, 404, 404, 404, 409, 401], { target: 'device id used' }),
	act('reclassify',   'reported',  'home',         [403, 403, 201, 201, 201, 404, 404, 403, 403, 403, 401]),
	act('reclassify',   'reported',  'sibling',      [404, 404, 404, 404, 201, 404, 404, 404, 403, 403, 401]),
	act('reclassify',   'reported',  'foreign',      [404, 404, 404, 404, 404, 404, 404, 404, 404, 403, 401]),
	act('reclassify',   'escalated', 'home',         [403, 403, 409, 409, 409, 403, 404, 403, 403, 403, 401]),
	act('resolve',      'escalated', 'home',         [403, 201, 201, 201, 201, 201, 404, 403, 403, 403, 401]),
	act('resolve',      'escalated', 'sibling',      [404, 404, 404, 404, 201, 201, 404, 404, 403, 403, 401]),
	act('resolve',      'escalated', 'foreign',      [404, 404, 404, 404, 404, 404, 404, 404, 404, 403, 401]),
	act('confirm',      'resolved',  'home',         [201, 403, 403, 403, 403, 403, 404, 403, 403, 403, 401]),
	act('confirm',      'resolved',  'home',         [403, 403, 403, 403, 403, 403, 404, 403, 403, 403, 401], { target: 'colleague' }),
	act('confirm',      'resolved',  'sibling',      [404, 404, 404, 404, 403, 403, 404, 404, 403, 403, 401]),
	act('confirm',      'resolved',  'foreign',      [404, 404, 404, 404, 404, 404, 404, 404, 404, 403, 401]),
	act('confirm',      'escalated', 'home',         [409, 403, 403, 403, 403, 403, 404, 403, 403, 403, 401]),
	act('reopen',       'resolved',  'home',         [201, 201, 201, 201, 201, 403, 404, 403, 403, 403, 401]),
	act('reopen',       'resolved',  'home',         [403, 201, 201, 201, 201, 403, 404, 403, 403, 403, 401], { target: 'colleague' }),
	act('reopen',       'resolved',  'sibling',      [404, 404, 404, 404, 201, 403, 404, 404, 403, 403, 401]),
	act('reopen',       'resolved',  'foreign',      [404, 404, 404, 404, 404, 404, 404, 404, 404, 403, 401]),
	act('reopen',       'escalated', 'home',         [409, 409, 409, 409, 409, 403, 404, 403, 403, 403, 401]),
	act('merge',        'escalated', 'home',         [403, 403, 201, 201, 201, 403, 404, 403, 403, 403, 401]),
	act('merge',        'escalated', 'sibling',      [404, 404, 404, 404, 201, 403, 404, 404, 403, 403, 401]),
	act('merge',        'escalated', 'foreign',      [404, 404, 404, 404, 404, 404, 404, 404, 404, 403, 401]),
	act('withdraw',     'reported',  'home',         [201, 403, 403, 403, 403, 404, 404, 403, 403, 403, 401]),
	act('withdraw',     'reported',  'home',         [403, 403, 403, 403, 403, 404, 404, 403, 403, 403, 401], { target: 'colleague' }),
	act('withdraw',     'reported',  'sibling',      [404, 404, 404, 404, 403, 404, 404, 404, 403, 403, 401]),
	act('withdraw',     'reported',  'foreign',      [404, 404, 404, 404, 404, 404, 404, 404, 404, 403, 401]),
	act('withdraw',     'escalated', 'home',         [409, 403, 403, 403, 403, 403, 404, 403, 403, 403, 401]),
	act('outage_times', 'escalated', 'home',         [201, 201, 201, 201, 403, 403, 404, 403, 403, 403, 401]),
	act('outage_times', 'escalated', 'home',         [201, 201, 201, 201, 403, 403, 404, 403, 403, 403, 401], { target: 'colleague' }),
	act('outage_times', 'escalated', 'sibling',      [404, 404, 404, 404, 403, 403, 404, 404, 403, 403, 401]),
	act('outage_times', 'escalated', 'foreign',      [404, 404, 404, 404, 404, 404, 404, 404, 404, 403, 401]),

	// --- Administration: each administrator manages its own subtree; nobody else enters -------------------
	//                                                   place           desk memb lead dept prov itC  itO  wAdm pAdm sAdm anon
	row('GET /api/admin/deliveries',                    'home',         [403, 403, 403, 403, 403, 403, 403, L,   L,   L,   401]),
	row('GET /api/admin/deliveries',                    'sibling',      [403, 403, 403, 403, 403, 403, 403, H,   L,   L,   401]),
	row('GET /api/admin/deliveries',                    'foreign',      [403, 403, 403, 403, 403, 403, 403, H,   H,   L,   401]),
	row('GET /api/admin/units',                         'home',         [403, 403, 403, 403, 403, 403, 403, L,   L,   L,   401]),
	row('GET /api/admin/units',                         'sibling',      [403, 403, 403, 403, 403, 403, 403, H,   L,   L,   401]),
	row('GET /api/admin/units',                         'foreign',      [403, 403, 403, 403, 403, 403, 403, H,   H,   L,   401]),
	row('POST /api/admin/units',                        'home',         [403, 403, 403, 403, 403, 403, 403, 400, 201, 201, 401], { target: 'new ward' }),
	row('POST /api/admin/units',                        'foreign',      [403, 403, 403, 403, 403, 403, 403, 400, 400, 201, 401], { target: 'new ward' }),
	row('POST /api/admin/units',                        'self',         [403, 403, 403, 403, 403, 403, 403, 403, 403, 201, 401], { target: 'new province' }),
	row('GET /api/admin/units/{id}',                    'home',         [403, 403, 403, 403, 403, 403, 403, 200, 200, 200, 401]),
	row('GET /api/admin/units/{id}',                    'sibling',      [403, 403, 403, 403, 403, 403, 403, 404, 200, 200, 401]),
	row('GET /api/admin/units/{id}',                    'foreign',      [403, 403, 403, 403, 403, 403, 403, 404, 404, 200, 401]),
	row('GET /api/admin/units/{id}',                    'home',         [403, 403, 403, 403, 403, 403, 403, 404, 200, 200, 401], { target: 'province' }),
	row('GET /api/admin/units/{id}',                    'foreign',      [403, 403, 403, 403, 403, 403, 403, 404, 404, 200, 401], { target: 'province' }),
	row('GET /api/admin/units/{id}',                    'home',         [403, 403, 403, 403, 403, 403, 403, 404, 200, 200, 401], { target: 'it team' }),
	row('GET /api/admin/units/{id}',                    'foreign',      [403, 403, 403, 403, 403, 403, 403, 404, 404, 200, 401], { target: 'it team' }),
	row('PATCH /api/admin/units/{id}',                  'home',         [403, 403, 403, 403, 403, 403, 403, 200, 200, 200, 401]),
	row('PATCH /api/admin/units/{id}',                  'sibling',      [403, 403, 403, 403, 403, 403, 403, 404, 200, 200, 401]),
	row('PATCH /api/admin/units/{id}',                  'foreign',      [403, 403, 403, 403, 403, 403, 403, 404, 404, 200, 401]),
	row('PATCH /api/admin/units/{id}',                  'home',         [403, 403, 403, 403, 403, 403, 403, 404, 200, 200, 401], { target: 'province' }),
	// Ward A has people and history (the ward administrator's own unit besides): deactivate it instead.
	row('DELETE /api/admin/units/{id}',                 'home',         [403, 403, 403, 403, 403, 403, 403, 409, 409, 409, 401]),
	row('DELETE /api/admin/units/{id}',                 'sibling',      [403, 403, 403, 403, 403, 403, 403, 404, 204, 204, 401], { target: 'unused ward' }),
	row('DELETE /api/admin/units/{id}',                 'foreign',      [403, 403, 403, 403, 403, 403, 403, 404, 404, 204, 401], { target: 'unused ward' }),
	row('PUT /api/admin/units/{id}/leadership',         'home',         [403, 403, 403, 403, 403, 403, 403, 200, 200, 200, 401]),
	row('PUT /api/admin/units/{id}/leadership',         'sibling',      [403, 403, 403, 403, 403, 403, 403, 404, 200, 200, 401]),
	row('PUT /api/admin/units/{id}/leadership',         'foreign',      [403, 403, 403, 403, 403, 403, 403, 404, 404, 200, 401]),
	row('GET /api/admin/units/{id}/contacts',           'home',         [403, 403, 403, 403, 403, 403, 403, 200, 200, 200, 401]),
	row('GET /api/admin/units/{id}/contacts',           'sibling',      [403, 403, 403, 403, 403, 403, 403, 404, 200, 200, 401]),
	row('GET /api/admin/units/{id}/contacts',           'foreign',      [403, 403, 403, 403, 403, 403, 403, 404, 404, 200, 401]),
	row('POST /api/admin/units/{id}/contacts',          'home',         [403, 403, 403, 403, 403, 403, 403, 201, 201, 201, 401]),
	row('POST /api/admin/units/{id}/contacts',          'sibling',      [403, 403, 403, 403, 403, 403, 403, 404, 201, 201, 401]),
	row('POST /api/admin/units/{id}/contacts',          'foreign',      [403, 403, 403, 403, 403, 403, 403, 404, 404, 201, 401]),
	row('PUT /api/admin/units/{id}/contacts/{contactId}', 'home',       [403, 403, 403, 403, 403, 403, 403, 200, 200, 200, 401]),
	row('PUT /api/admin/units/{id}/contacts/{contactId}', 'sibling',    [403, 403, 403, 403, 403, 403, 403, 404, 200, 200, 401]),
	row('PUT /api/admin/units/{id}/contacts/{contactId}', 'foreign',    [403, 403, 403, 403, 403, 403, 403, 404, 404, 200, 401]),
	row('PUT /api/admin/units/{id}/contacts/{contactId}', 'sibling',    [403, 403, 403, 403, 403, 403, 403, 404, 404, 404, 401], { target: 'contact of another unit' }),
	row('DELETE /api/admin/units/{id}/contacts/{contactId}', 'home',    [403, 403, 403, 403, 403, 403, 403, 204, 204, 204, 401]),
	row('DELETE /api/admin/units/{id}/contacts/{contactId}', 'sibling', [403, 403, 403, 403, 403, 403, 403, 404, 204, 204, 401]),
	row('DELETE /api/admin/units/{id}/contacts/{contactId}', 'foreign', [403, 403, 403, 403, 403, 403, 403, 404, 404, 204, 401]),
	row('DELETE /api/admin/units/{id}/contacts/{contactId}', 'sibling', [403, 403, 403, 403, 403, 403, 403, 404, 404, 404, 401], { target: 'contact of another unit' }),
	//                                                   place           desk memb lead dept prov itC  itO  wAdm pAdm sAdm anon
	// People: a desk officer of the place's ward (or its province's Working Group member).
	row('GET /api/admin/users',                         'home',         [403, 403, 403, 403, 403, 403, 403, L,   L,   L,   401]),
	row('GET /api/admin/users',                         'sibling',      [403, 403, 403, 403, 403, 403, 403, H,   L,   L,   401]),
	row('GET /api/admin/users',                         'foreign',      [403, 403, 403, 403, 403, 403, 403, H,   H,   L,   401]),
	row('POST /api/admin/users',                        'home',         [403, 403, 403, 403, 403, 403, 403, 201, 201, 201, 401]),
	row('POST /api/admin/users',                        'sibling',      [403, 403, 403, 403, 403, 403, 403, 400, 201, 201, 401]),
	row('POST /api/admin/users',                        'foreign',      [403, 403, 403, 403, 403, 403, 403, 400, 400, 201, 401]),
	row('GET /api/admin/users/{id}',                    'home',         [403, 403, 403, 403, 403, 403, 403, 200, 200, 200, 401]),
	row('GET /api/admin/users/{id}',                    'sibling',      [403, 403, 403, 403, 403, 403, 403, 404, 200, 200, 401]),
	row('GET /api/admin/users/{id}',                    'foreign',      [403, 403, 403, 403, 403, 403, 403, 404, 404, 200, 401]),
	row('GET /api/admin/users/{id}',                    'home',         [403, 403, 403, 403, 403, 403, 403, 404, 200, 200, 401], { target: 'province person' }),
	row('GET /api/admin/users/{id}',                    'foreign',      [403, 403, 403, 403, 403, 403, 403, 404, 404, 200, 401], { target: 'province person' }),
	row('PATCH /api/admin/users/{id}',                  'home',         [403, 403, 403, 403, 403, 403, 403, 200, 200, 200, 401]),
	row('PATCH /api/admin/users/{id}',                  'sibling',      [403, 403, 403, 403, 403, 403, 403, 404, 200, 200, 401]),
	row('PATCH /api/admin/users/{id}',                  'foreign',      [403, 403, 403, 403, 403, 403, 403, 404, 404, 200, 401]),
	row('POST /api/admin/users/{id}/password',          'home',         [403, 403, 403, 403, 403, 403, 403, 200, 200, 200, 401]),
	row('POST /api/admin/users/{id}/password',          'sibling',      [403, 403, 403, 403, 403, 403, 403, 404, 200, 200, 401]),
	row('POST /api/admin/users/{id}/password',          'foreign',      [403, 403, 403, 403, 403, 403, 403, 404, 404, 200, 401]),
	// The dry run of an import, and the exported wards (listed: the place's ward is in the file).
	row('POST /api/admin/import',                       'self',         [403, 403, 403, 403, 403, 403, 403, 200, 200, 200, 401]),
	row('GET /api/admin/export',                        'home',         [403, 403, 403, 403, 403, 403, 403, L,   L,   L,   401]),
	row('GET /api/admin/export',                        'sibling',      [403, 403, 403, 403, 403, 403, 403, H,   L,   L,   401]),
	row('GET /api/admin/export',                        'foreign',      [403, 403, 403, 403, 403, 403, 403, H,   H,   L,   401]),
	row('GET /api/admin/audit',                         'home',         [403, 403, 403, 403, 403, 403, 403, L,   L,   L,   401]),
	row('GET /api/admin/audit',                         'sibling',      [403, 403, 403, 403, 403, 403, 403, H,   L,   L,   401]),
	row('GET /api/admin/audit',                         'foreign',      [403, 403, 403, 403, 403, 403, 403, H,   H,   L,   401])
];

/** "leader × POST /api/incidents/{id}/events assign (escalated) × sibling", as the report names a cell. */
export function cellName(role: MatrixRole, r: MatrixRow): string {
	const what = [r.endpoint, r.event, r.state && `(${r.state})`, r.target && `[${r.target}]`].filter(Boolean).join(' ');
	return `${ROLE_NAMES[role]} × ${what} × ${r.place}`;
}
