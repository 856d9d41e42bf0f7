/**
 * What lies between the device and the fake server in the outbox property
 * (outbox-drain.property.test.ts): a wire that can fail each request in its own way, a record
 * of what the device heard about each entry, and Web Locks that a closed tab lets go of.
 */
import type { Transport } from '$lib/client/outbox/drain';
import type { Outcome } from '$lib/client/outbox/transport';
import type { FakeServer, ServerMode } from './fake-server';

/**
 * How one request goes wrong:
 * - `offline`: the device knows it has no network and sends nothing;
 * - `down`: sent, but it never arrives (DNS, a cut cable, the server stopped);
 * - `error_500`, `busy` (503 with Retry-After), `expired` (401): the server's answer;
 * - `lost`: the server acts, and its answer never comes back;
 * - `throw`: the server acts, then the page's code throws (a bug, a tab crashing);
 * - `hang`: the server acts, then the page is gone before it hears: the drain is abandoned.
 */
export type Fault = 'offline' | 'down' | 'error_500' | 'busy' | 'expired' | 'lost' | 'throw' | 'hang';

/** What the device made of one answer about one entry ("report:<id>", "attachment:<id>", "event:<id>"). */
export type Heard =
	/** A server error about this request (5xx but 503): counts toward holding it. */
	| 'server_error'
	/** A busy server (503): says nothing about the request. */
	| 'busy'
	/** No answer at all (network, lost): the run of server errors starts again. */
	| 'network'
	/** The device never got to record anything (a 401 pausing, a crash). */
	| 'nothing'
	| 'ok'
	| 'refused';

export interface Hearing {
	key: string;
	/** Device clock. */
	at: number;
	heard: Heard;
	/** The refusal's code. */
	code?: string;
}

export const MINUTE = 60_000;
/**
 * The hold policy as the README states it, written out rather than imported from hold.ts, so
 * that the property checks the code against the rule and not against itself: held only after
 * 5 server errors in a row over at least 10 minutes, back in line by itself 10 minutes later.
 */
export const HOLD_AFTER_SERVER_ERRORS = 5;
export const HOLD_AFTER_MS = 10 * MINUTE;
export const RETRY_HELD_AFTER_MS = 10 * MINUTE;

/** Thrown by the wire for a `throw` fault, told apart from a real failure in the code under test. */
export class Crash extends Error {}

const MODES: Partial<Record<Fault, ServerMode>> = { error_500: 'error_500', busy: 'busy', expired: 'expired_session' };

export class Wire implements Transport {
	/** The faults of the drain under way, by call (`null`: a normal answer). */
	faults: (Fault | null)[] = [];
	/** Every request answers 500 (a server failing for a while). */
	failing = false;
	/** Something the officer (or another tab) does just before call `at` of the drain under way. */
	during?: { at: number; run: () => Promise<void> };
	/** Told when a drain is abandoned (a `hang`). */
	onHang?: () => void;
	readonly log: Hearing[] = [];
	private calls = 0;
	/** Where each entry's current run of answers begins in the log (after it was held). */
	private readonly runStart = new Map<string, number>();

	constructor(
		readonly server: FakeServer,
		private readonly clock: () => number
	) {}

	/** A new drain begins: its calls are counted from 0. */
	begin(faults: (Fault | null)[]): void {
		this.calls = 0;
		this.faults = faults;
	}

	report(report: Parameters<Transport['report']>[0]) {
		return this.carry(`report:${report.id}`, () => this.server.report(report));
	}

	event(action: Parameters<Transport['event']>[0]) {
		return this.carry(`event:${action.id}`, () => this.server.event(action));
	}

	attachment(attachment: Parameters<Transport['attachment']>[0], hooks: Parameters<Transport['attachment']>[1]) {
		return this.carry(`attachment:${attachment.id}`, () => this.server.attachment(attachment, hooks));
	}

	/** What the device heard about these entries since each was last held. */
	run(keys: string[]): Hearing[] {
		return this.log.filter((h, i) => keys.includes(h.key) && i >= (this.runStart.get(h.key) ?? 0));
	}

	/** The entries were held: what was heard before counts no more. */
	held(keys: string[]): void {
		for (const key of keys) this.runStart.set(key, this.log.length);
	}

	/**
	 * The server failed on one of these entries 5+ times in a row, the first 10+ minutes before
	 * `at`: a busy server's 503 and outcomes the device never recorded (a 401, a crash) neither
	 * count nor break the run; anything else heard about the entry (no answer, a refusal) does.
	 */
	failedLongEnough(keys: string[], at: number): boolean {
		return keys.some((key) => {
			const run = this.run([key]);
			let errors = 0;
			let first = at;
			for (let i = run.length - 1; i >= 0; i--) {
				const { heard, at: when } = run[i]!;
				if (heard === 'server_error') {
					errors++;
					first = when;
				} else if (heard !== 'busy' && heard !== 'nothing') break;
			}
			return errors >= HOLD_AFTER_SERVER_ERRORS && at - first >= HOLD_AFTER_MS;
		});
	}

	private async carry<T>(key: string, send: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
		const call = this.calls++;
		if (this.during?.at === call) {
			const { run } = this.during;
			this.during = undefined;
			await run();
		}
		const fault = this.faults[call] ?? (this.failing ? 'error_500' : null);
		const hear = (heard: Heard, code?: string) => this.log.push({ key, at: this.clock(), heard, ...(code ? { code } : {}) });
		switch (fault) {
			case 'offline':
				hear('network');
				return { kind: 'retry', reason: 'offline', reached: false };
			case 'down':
				hear('network');
				return { kind: 'retry', reason: 'Failed to fetch' };
			case 'lost':
				await send();
				hear('network');
				return { kind: 'retry', reason: 'connection reset' };
			case 'throw':
				await send();
				hear('nothing');
				throw new Crash(`crashed after the server handled ${key}`);
			case 'hang':
				await send();
				hear('nothing');
				this.onHang?.();
				return new Promise(() => {});
		}
		const mode = fault ? MODES[fault] : undefined;
		if (mode) this.server.mode = mode;
		try {
			const outcome = await send();
			if (outcome.kind === 'ok') hear('ok');
			else if (outcome.kind === 'rejected') hear('refused', outcome.problem.code);
			else if (outcome.kind === 'unauthenticated') hear('nothing');
			else if (outcome.status === 503) hear('busy');
			else if (outcome.status !== undefined && outcome.status >= 500) hear('server_error');
			else hear('network');
			return outcome;
		} finally {
			if (mode) this.server.mode = 'normal';
		}
	}
}

/**
 * Web Locks across tabs, as the browser keeps them: one holder at a time, `ifAvailable`
 * answers `null` when held, and a tab that is closed lets go of what it held.
 */
export class TabLocks {
	/** The tab whose code asks next: set just before it starts a drain. */
	tab = 0;
	private holder: number | null = null;

	async request<T>(name: string, _options: { ifAvailable: boolean }, callback: (lock: { name: string } | null) => Promise<T>): Promise<T> {
		if (this.holder !== null) return callback(null);
		const mine = this.tab;
		this.holder = mine;
		try {
			return await callback({ name });
		} finally {
			if (this.holder === mine) this.holder = null;
		}
	}

	close(tab: number): void {
		if (this.holder === tab) this.holder = null;
	}
}
