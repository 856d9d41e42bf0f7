/**
 * The outbox as a property: whatever the network, the server and the officer do, in any order
 * — reports queued with files, actions taken, edits and withdrawals, the network down, 500s, a
 * busy server's 503 with Retry-After, an expired session, 409s, answers lost after the server
 * stored the request, a crash after it, a drain abandoned with its tab, a second tab draining
 * at the same moment, the clock moving on, "Thử gửi lại" — once the network and server are
 * healthy again and drains run until nothing is left, each report is on the server once,
 * as the device last had it, with its files byte for byte; each is "Đã gửi" on the device,
 * retired once; actions reached the server once each, in the order taken; and along the way
 * no report was held for the server's errors unless the server failed on it five times over
 * ten minutes (hold.ts), nor stayed held longer than ten minutes.
 *
 * PROPERTY_RUNS=1000 runs more cases; a failure prints its seed and path, and
 * PROPERTY_SEED=<seed> PROPERTY_PATH=<path> replays exactly that case.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import Dexie from 'dexie';
import { DeviceDb, type LocalAction, type LocalReport } from '$lib/client/db';
import { dropAction, queueAction } from '$lib/client/incidents/actions';
import { retryDelay } from '$lib/client/outbox/backoff';
import { SERVER_FAILING, drainOutbox, type DrainResult } from '$lib/client/outbox/drain';
import { addAttachment } from '$lib/client/reports/attachments';
import {
	discardDraft,
	editReport,
	loadDraft,
	resendAsNew,
	retryReport,
	saveDraftFields,
	submitDraft,
	unsentCount,
	withdrawReport
} from '$lib/client/reports/store';
import { reportSchema, sameReport } from '$lib/domain/report';
import { FakeServer } from './fake-server';
import { FOUND, firstReports, step, type OfficerStep, type Step } from './outbox-steps';
import { Crash, MINUTE, RETRY_HELD_AFTER_MS, TabLocks, Wire, type Fault } from './outbox-wire';
import { LAN, NOW, fields, png } from './report-helpers';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 100);
const SEED = Number(process.env.PROPERTY_SEED ?? 20_261_125);
const PATH = process.env.PROPERTY_PATH;

// --- the world ------------------------------------------------------------------------

interface ModelReport {
	id: string;
	description: string;
	files: { id: string; bytes: Uint8Array }[];
	withdrawn: boolean;
}

interface ModelAction {
	id: string;
	incidentId: string;
	dropped: boolean;
}

interface Tab {
	id: number;
	db: DeviceDb;
}

const locks = new TabLocks();
let dbs = 0;

beforeAll(() => {
	vi.stubGlobal('navigator', { locks });
});
afterAll(() => {
	vi.unstubAllGlobals();
});

/** One case: the steps played on a fresh device and server, then the checks. */
async function play(steps: Step[]): Promise<void> {
	const name = `outbox-property-${++dbs}`;
	let clock = NOW.getTime() + 60 * MINUTE;
	const server = new FakeServer();
	const wire = new Wire(server, () => clock);
	let tabs = 0;
	const open = (): Tab => ({ id: ++tabs, db: new DeviceDb(name) });
	let tab = open();
	const reports: ModelReport[] = [];
	const actions: ModelAction[] = [];
	/** Report ids under which another version was put on the server (their 409 is honest). */
	const foreign = new Set<string>();
	const sentAt = new Map<string, number | undefined>();
	const holdsSeen = new Map<string, number>();

	const pick = (n: number) => {
		const live = reports.filter((r) => !r.withdrawn);
		return live.length ? live[n % live.length] : undefined;
	};

	/** Closes the tab (its lock goes with it) and opens the app again on the same database. */
	async function restart(): Promise<void> {
		// Writes already issued by the closing page land (or not) before it is gone.
		await new Promise((resolve) => setTimeout(resolve, 5));
		locks.close(tab.id);
		tab.db.close();
		tab = open();
	}

	/** Runs one drain in `on`; a crash or an abandoned drain is an answer too. */
	async function drainIn(on: Tab): Promise<DrainResult | 'crashed' | 'abandoned'> {
		const abandoned = new Promise<'abandoned'>((resolve) => (wire.onHang = () => resolve('abandoned')));
		locks.tab = on.id;
		const run = drainOutbox({ db: on.db, userId: LAN, transport: wire, now: () => clock }).catch((error: unknown) => {
			if (error instanceof Crash) return 'crashed' as const;
			throw error;
		});
		return Promise.race([run, abandoned]);
	}

	/** When the scheduler's timer after the last drain fires (scheduler.svelte.ts). */
	let wakeAt: number | undefined;

	async function drainStep(faults: (Fault | null)[], during?: { at: number; step: OfficerStep }): Promise<void> {
		wire.begin(faults);
		// What the officer saw before the drain began is what she acts on.
		wire.during = during ? { at: during.at, run: await officer(during.step) } : undefined;
		const result = await drainIn(tab);
		if (typeof result !== 'string' && result.status !== 'busy') {
			if (result.status === 'retry') wakeAt = clock + retryDelay(result.attempts, result.retryAfterMs, () => 0.5);
			else wakeAt = result.status === 'done' ? result.heldUntil : undefined;
		}
		const late = wire.during;
		wire.during = undefined;
		if (result === 'abandoned') await restart();
		await check(result === 'abandoned' || result === 'crashed' ? undefined : result, true);
		// The drain made fewer requests: the officer's step lands just after it (a tab that was
		// closed takes it along).
		if (late && result !== 'abandoned') {
			await late.run();
			await check(undefined, false);
		}
	}

	/** An officer's step, prepared from what the screen shows now, done when called. */
	async function officer(s: OfficerStep): Promise<() => Promise<void>> {
		if (s.t === 'queue') return () => queue(s.files);
		if (s.t === 'retry' || s.t === 'resend') {
			// Pressed on one of the reports that show the button now; it may land a moment later.
			const rows = await tab.db.reports.toArray();
			const showing = rows.filter((row) => row.state === 'needs_action' && shows(s.t, row.problem));
			const row = showing[s.target % Math.max(1, showing.length)];
			const r = row && reports.find((m) => m.id === row.id);
			if (!r) return async () => {};
			return s.t === 'retry' ? () => retryReport(r.id, tab.db) : () => resend(r);
		}
		const r = pick(s.target);
		if (!r) return async () => {};
		switch (s.t) {
			case 'act':
				// The inbox lists the incidents the server holds (or held when it was last loaded).
				if (!server.reports.has(r.id)) return async () => {};
				return async () => {
					const body = s.versioned
						? { type: 'acknowledge' as const, version: server.versions.get(r.id) ?? 1 }
						: { type: 'comment' as const, note: `Ghi chú ${actions.length + 1}` };
					const action = await queueAction(LAN, r.id, body, tab.db, clock);
					actions.push({ id: action.id, incidentId: r.id, dropped: false });
				};
			case 'edit':
				return () => edit(r);
			case 'withdraw':
				return async () => {
					if (!(await withdrawReport(LAN, r.id, tab.db))) return;
					r.withdrawn = true;
					expect(server.reports.has(r.id) && !foreign.has(r.id), `withdrew ${r.id}, which the server holds`).toBe(false);
				};
			case 'conflict':
				return async () => {
					// As after a send that may have left with other content: the device no longer edits it.
					const current = await tab.db.reports.get(r.id);
					if (!current?.mayBeOnServer || server.reports.has(r.id)) return;
					const other = reportSchema.parse({ ...current.body, description: `${current.body.description} (bản khác)` });
					server.reports.set(r.id, { userId: LAN, report: other });
					foreign.add(r.id);
				};
		}
	}

	async function queue(files: number): Promise<void> {
		const db = tab.db;
		if ((await db.drafts.get(LAN))?.editing) await discardDraft(LAN, db);
		const draft = await loadDraft(LAN, db);
		const description = `Máy in quầy ${reports.length + 1} kẹt giấy`;
		await saveDraftFields(LAN, fields(description), db, draft.reportId);
		const model: ModelReport = { id: draft.reportId, description, files: [], withdrawn: false };
		for (let i = 1; i <= files; i++) {
			const blob = png(40 + 24 * i);
			const bytes = new Uint8Array(await blob.arrayBuffer());
			const added = await addAttachment({ userId: LAN, reportId: draft.reportId }, blob, `anh-${i}.png`, 'screenshot', db);
			if (!added.ok) throw new Error(`attaching failed: ${JSON.stringify(added.refusal)}`);
			model.files.push({ id: added.attachment.id, bytes });
		}
		const submitted = await submitDraft(LAN, new Date(clock), db);
		if (!submitted.ok) throw new Error(`submit failed: ${JSON.stringify(submitted)}`);
		reports.push(model);
	}

	async function edit(r: ModelReport): Promise<void> {
		const db = tab.db;
		if (!(await editReport(LAN, r.id, db))) return;
		const draft = await db.drafts.get(LAN);
		const description = `${r.description}, đã sửa`;
		await saveDraftFields(LAN, { ...draft!.fields, description }, db, r.id);
		const submitted = await submitDraft(LAN, new Date(clock), db);
		if (submitted.ok) r.description = description;
		else await discardDraft(LAN, db);
	}

	async function resend(r: ModelReport): Promise<void> {
		const id = await resendAsNew(r.id, tab.db);
		if (id) r.id = id;
	}

	/** Checks that hold at every moment, after a step; `ran`: a drain ran to its end (or its crash). */
	async function check(result: DrainResult | undefined, ran: boolean): Promise<void> {
		const db = tab.db;
		const [rows, acts, ops] = await Promise.all([db.reports.toArray(), db.actions.toArray(), db.outbox.toArray()]);
		const held = [...rows, ...acts].filter((r) => r.state === 'needs_action' && r.problem?.code === SERVER_FAILING);
		for (const row of held) {
			const at = row.problem!.at!;
			if (ran && result?.status !== 'busy') {
				expect(clock - at, `${row.id} is still held ${clock - at} ms after it was held`).toBeLessThan(RETRY_HELD_AFTER_MS);
			}
			if (holdsSeen.get(row.id) === at) continue;
			holdsSeen.set(row.id, at);
			const keys = isAction(row)
				? [`event:${row.id}`]
				: [`report:${row.id}`, ...(await db.attachments.where('reportId').equals(row.id).primaryKeys()).map((a) => `attachment:${a}`)];
			expect(wire.failedLongEnough(keys, at), `${row.id} held at ${at} for a transient fault: ${JSON.stringify(wire.run(keys))}`).toBe(true);
			wire.held(keys);
		}
		if (result?.status === 'done') {
			const due = held.length ? Math.min(...held.map((r) => r.problem!.at! + RETRY_HELD_AFTER_MS)) : undefined;
			expect(result.heldUntil, 'when the drain says a held entry goes back in line').toBe(due);
		}
		// Retired once: what was sent stays sent, with the time it was sent.
		const byId = new Map<string, LocalReport | LocalAction>([...rows, ...acts].map((r) => [r.id, r]));
		for (const row of byId.values()) if (row.state === 'sent' && !sentAt.has(row.id)) sentAt.set(row.id, row.sentAt);
		for (const [id, at] of sentAt) {
			expect(byId.get(id), `${id} was sent, then left the device`).toBeDefined();
			expect([byId.get(id)!.state, byId.get(id)!.sentAt], `${id} was sent at ${at}`).toEqual(['sent', at]);
		}
		for (const op of ops) {
			if (op.kind !== 'event') expect(byId.get(op.reportId)?.state, `an entry of ${op.reportId} waits`).not.toBe('sent');
		}
	}

	/** The network and the server are well again: drain until nothing is left, doing what the screens ask. */
	async function settle(): Promise<void> {
		wire.begin([]);
		wire.failing = false;
		for (let round = 0; ; round++) {
			if (round === 30) throw new Error('the outbox never emptied');
			const result = await drainIn(tab);
			await check(typeof result === 'string' ? undefined : result, true);
			expect(result, 'a drain against a healthy server').toMatchObject({ status: 'done' });
			const done = result as Extract<DrainResult, { status: 'done' }>;
			const rows = await tab.db.reports.toArray();
			const acts = await tab.db.actions.toArray();
			const waiting = [...rows, ...acts].filter((r) => r.state !== 'sent');
			if (waiting.length === 0 && (await tab.db.outbox.count()) === 0) return;
			let moved = false;
			for (const row of rows.filter((r) => r.state === 'needs_action' && r.problem?.code !== SERVER_FAILING)) {
				expect(row.problem?.code, `report ${row.id} refused`).toBe('incident_conflict');
				await resend(reports.find((r) => r.id === row.id)!);
				moved = true;
			}
			for (const act of acts.filter((a) => a.state === 'needs_action' && a.problem?.code !== SERVER_FAILING)) {
				expect(act.problem?.code, `action ${act.id} refused`).toBe('stale_version');
				await dropAction(act.id, tab.db);
				actions.find((a) => a.id === act.id)!.dropped = true;
				moved = true;
			}
			// Held for the server's errors: nobody presses anything; it goes back in line by itself.
			if (done.heldUntil !== undefined) {
				clock = Math.max(clock, done.heldUntil);
				moved = true;
			}
			if (!moved) throw new Error(`stuck: ${JSON.stringify(waiting.map((r) => [r.id, r.state, r.problem]))}`);
		}
	}

	try {
		for (const s of steps) {
			switch (s.t) {
				case 'drain':
					if (s.timer && wakeAt !== undefined) clock = Math.max(clock, wakeAt);
					await drainStep(s.faults, s.during);
					break;
				case 'failing':
					for (let i = 0; i < s.drains; i++) {
						wire.failing = true;
						await drainStep([]);
						clock += s.minutes * MINUTE;
					}
					wire.failing = false;
					break;
				case 'race': {
					const other = open();
					wire.begin([]);
					const results = await Promise.all([drainIn(tab), drainIn(other)]);
					expect(results.filter((r) => typeof r !== 'string' && r.status === 'busy'), 'one drain at a time').toHaveLength(1);
					other.db.close();
					await check(undefined, true);
					break;
				}
				case 'restart':
					await restart();
					await check(undefined, false);
					break;
				case 'clock':
					clock += s.minutes * MINUTE;
					break;
				default:
					await (await officer(s))();
					await check(undefined, false);
			}
		}
		await settle();
		await checkEnd();
	} finally {
		wire.during = undefined;
		locks.close(tab.id);
		tab.db.close();
		await Dexie.delete(name);
	}

	/** After quiescence: everything sent, once, as made, in order. */
	async function checkEnd(): Promise<void> {
		const db = tab.db;
		expect(await db.outbox.count(), 'entries left in the outbox').toBe(0);
		expect(await unsentCount(LAN, db)).toBe(0);
		const live = reports.filter((r) => !r.withdrawn);
		const ownOnServer = [...server.reports.keys()].filter((id) => !foreign.has(id)).sort();
		expect(ownOnServer, 'the reports the server holds from this device').toEqual(live.map((r) => r.id).sort());
		for (const r of live) {
			const row = (await db.reports.get(r.id))!;
			expect(row, `report ${r.id}`).toMatchObject({ state: 'sent', incidentId: r.id, body: { description: r.description } });
			expect(row.problem).toBeUndefined();
			const stored = server.reports.get(r.id)!;
			expect(stored.userId).toBe(LAN);
			expect(sameReport(stored.report, reportSchema.parse(row.body)), `the server's copy of ${r.id} is the device's`).toBe(true);
			for (const file of r.files) {
				expect(server.attachments.get(file.id)?.reportId, `file ${file.id} of ${r.id}`).toBe(r.id);
				expect(server.attachmentBytes.get(file.id), `the bytes of ${file.id}`).toEqual(file.bytes);
				expect(await db.attachments.get(file.id)).toMatchObject({ uploaded: true });
			}
		}
		expect([...server.attachments.keys()].sort()).toEqual(live.flatMap((r) => r.files.map((f) => f.id)).sort());
		const conflicts = wire.log.filter((h) => h.code === 'incident_conflict' && !foreign.has(h.key.replace(/^report:/, '')));
		expect(conflicts, 'the server saw two versions of one report').toEqual([]);
		// Actions: once each, in the order taken on each incident; a dropped one never.
		const kept = actions.filter((a) => !a.dropped);
		for (const a of kept) expect((await db.actions.get(a.id))?.state, `action ${a.id}`).toBe('sent');
		expect([...server.appliedActions].sort(), 'actions applied').toEqual(kept.map((a) => a.id).sort());
		for (const incident of new Set(kept.map((a) => a.incidentId))) {
			const order = (ids: string[]) => ids.filter((id) => kept.find((a) => a.id === id)?.incidentId === incident);
			expect(order(server.appliedActions), `the order of actions on ${incident}`).toEqual(order(kept.map((a) => a.id)));
		}
	}
}

/** The report's screen shows "Thử gửi lại" or "Gửi thành báo cáo mới" for this problem (ReportItem.svelte). */
function shows(button: 'retry' | 'resend', problem: LocalReport['problem']): boolean {
	if (button === 'resend') return problem?.code === 'incident_conflict';
	return Boolean(problem?.attachmentId) || problem?.code === SERVER_FAILING;
}

function isAction(row: LocalReport | LocalAction): row is LocalAction {
	return !('category' in row.body);
}

it(
	'delivers each report and action exactly once, in order, whatever the network and server did',
	async () => {
		await fc.assert(
			fc.asyncProperty(firstReports, fc.array(step, { maxLength: 30, size: 'medium' }), (files, steps) =>
				play([...files.map((n) => ({ t: 'queue' as const, files: n })), ...steps])
			),
			{ examples: FOUND, numRuns: RUNS, seed: SEED, ...(PATH ? { path: PATH, endOnFailure: true } : {}) }
		);
	},
	30_000 + RUNS * 500
);
