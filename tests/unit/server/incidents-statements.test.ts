/**
 * A report is the one write every desk of a province makes: its create stays lean. Each case
 * counts the statements the request runs before it is answered — the session check the hooks
 * make, then the route — and those inside its transaction. Alerts and live updates follow
 * the answer and are not counted; they are checked to happen all the same.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { ReportInput } from '$lib/domain/report';
import { createSession, validateSession } from '$lib/server/auth/session.service';
import { incidentRecipients, jobs, users } from '$lib/server/db/schema';
import { followUpsSettled } from '$lib/server/incidents/after-commit';
import { setNotifier, type AlertRequest } from '$lib/server/notify/notifier';
import * as route from '../../../src/routes/api/incidents/[id]/+server';
import { call, closeFiles, JSON_HEADERS, openFiles, reportBody, type Person } from './incidents-fixture';
import { makeWorld, SIMPLE, type World } from './escalation-fixture';
import { openTestDatabase, resetDatabase, type TestDatabase } from './test-db';

vi.mock('$lib/server/runtime', async () => (await import('./incidents-fixture')).runtimeMock());

/** The goals: at most this many statements inside the create's transaction, and in all before it answers. */
const IN_TRANSACTION = 10;
const IN_ALL = 15;

interface Statement {
	sql: string;
	inTransaction: boolean;
}
const statements: Statement[] = [];
let transactionDepth = 0;
let t: TestDatabase;

beforeAll(async () => {
	t = await openTestDatabase({
		onQuery: (query) => {
			// Transaction control is not a statement of the service's own.
			if (/^\s*(begin|commit|rollback)\b/i.test(query)) return;
			statements.push({ sql: query, inTransaction: transactionDepth > 0 });
		}
	});
	// Marks what runs inside a transaction, on either driver.
	const transaction = t.db.transaction.bind(t.db);
	t.db.transaction = ((work, config) =>
		transaction(async (tx) => {
			transactionDepth++;
			try {
				return await work(tx);
			} finally {
				transactionDepth--;
			}
		}, config)) as typeof t.db.transaction;
	openFiles(t.db);
});
afterAll(async () => {
	closeFiles();
	await t.close();
});

const handedOver: { incidentId: string; recipients: readonly AlertRequest[] }[] = [];
let w: World;
beforeEach(async () => {
	await resetDatabase(t.db);
	w = await makeWorld(t.db);
	handedOver.length = 0;
	setNotifier({ notify: async (incidentId, recipients) => void handedOver.push({ incidentId, recipients }) });
	return () => setNotifier(null);
});

/** A request as it reaches the server: the hooks check the session, then the route files the report. */
async function countedReport(by: Person, body: ReportInput, id = uuidv7()) {
	const { token } = await createSession(t.db, by.user.id, null);
	statements.length = 0;
	expect(await validateSession(t.db, token)).not.toBeNull();
	const response = await call(route.PUT, by, {
		method: 'PUT',
		path: `/api/incidents/${id}`,
		params: { id },
		body: JSON.stringify(body),
		headers: JSON_HEADERS
	});
	const counted = [...statements];
	if (process.env.SHOW_STATEMENTS) console.info(counted.map((s) => `${s.inTransaction ? 'tx' : '  '} ${s.sql.slice(0, 110)}`).join('\n'));
	await followUpsSettled();
	return {
		status: response.status,
		incidentId: ((await response.json()) as { incident: { id: string } }).incident.id,
		inTransaction: counted.filter((s) => s.inTransaction).length,
		inAll: counted.length,
		listing: counted.map((s) => `${s.inTransaction ? 'tx' : '  '} ${s.sql.slice(0, 90)}`).join('\n')
	};
}

describe('the statements a report create runs before it answers', () => {
	it('a complex report: its people, incident, report, timeline, decisions and timers', async () => {
		const created = await countedReport(w.desk, reportBody());
		expect(created.status).toBe(201);
		expect(created.inTransaction, created.listing).toBeLessThanOrEqual(IN_TRANSACTION);
		expect(created.inAll, created.listing).toBeLessThanOrEqual(IN_ALL);
		// What the statements wrote is all there, and the alerts followed the answer.
		expect(await t.db.select().from(incidentRecipients).where(eq(incidentRecipients.incidentId, created.incidentId))).toHaveLength(2);
		expect(await t.db.select().from(jobs).where(eq(jobs.incidentId, created.incidentId))).toHaveLength(1);
		expect(handedOver.map((h) => h.incidentId)).toEqual([created.incidentId]);
	});

	it('a simple report to the whole team', async () => {
		const created = await countedReport(w.desk, reportBody(SIMPLE));
		expect(created.status).toBe(201);
		expect(created.inTransaction, created.listing).toBeLessThanOrEqual(IN_TRANSACTION);
		expect(created.inAll, created.listing).toBeLessThanOrEqual(IN_ALL);
		expect(handedOver[0]!.recipients).toHaveLength(3);
	});

	it('a second desk reporting the same outage joins the incident (grouping takes its lock and looks first)', async () => {
		const first = await countedReport(w.desk, reportBody());
		const joined = await countedReport(w.desk2, reportBody());
		expect(joined.incidentId).toBe(first.incidentId);
		expect(joined.inTransaction, joined.listing).toBeLessThanOrEqual(IN_TRANSACTION);
		expect(joined.inAll, joined.listing).toBeLessThanOrEqual(IN_ALL);
	});

	it('a ward without a leader: the team and the province are told, in as few statements', async () => {
		await t.db.update(users).set({ isLeader: false }).where(eq(users.id, w.leader.user.id));
		const created = await countedReport(w.desk, reportBody());
		expect(created.inTransaction, created.listing).toBeLessThanOrEqual(IN_TRANSACTION);
		expect(created.inAll, created.listing).toBeLessThanOrEqual(IN_ALL);
		expect(handedOver[0]!.recipients.map((r) => r.userId)).toContain(w.provinceTeam.user.id);
	});

	it('a repeat of a sent report (its answer was lost) is recognised, and costs little', async () => {
		const id = uuidv7();
		await countedReport(w.desk, reportBody(), id);
		const repeat = await countedReport(w.desk, reportBody(), id);
		expect(repeat.status).toBe(200);
		expect(repeat.inAll, repeat.listing).toBeLessThanOrEqual(IN_ALL);
	});
});
