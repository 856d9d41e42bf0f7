/**
 * The embedded database is one connection in one process: every query of every request
 * waits its turn inside one engine. Let fifty requests in at once and each one's statements
 * wait behind everybody else's — all of them slow, some for minutes. So requests that use the
 * database take turns, first come first served, a few at a time; past a bound they are told
 * at once to come back (503 with Retry-After), which the devices' outboxes honour.
 *
 * The numbers: 4 at a time keeps the engine busy while a request parses its body or answers;
 * 200 waiting is more than a province's desks all reporting at once; 10 s is as long as a
 * desk should wait before its outbox is told to try again a little later.
 */
export const ADMISSION_CONCURRENCY = 4;
export const ADMISSION_MAX_WAITING = 200;
export const ADMISSION_MAX_WAIT_MS = 10_000;
/** What a refused caller is told to wait, in seconds. */
export const RETRY_AFTER_S = 5;

export class AdmissionRefused extends Error {
	constructor(readonly reason: 'queue_full' | 'waited_too_long') {
		super(reason);
	}
}

export interface AdmissionOptions {
	concurrency?: number;
	maxWaiting?: number;
	maxWaitMs?: number;
}

interface Waiter {
	admit(): void;
	timer: ReturnType<typeof setTimeout>;
}

export class AdmissionQueue {
	private active = 0;
	private readonly waiting: Waiter[] = [];
	readonly concurrency: number;
	readonly maxWaiting: number;
	readonly maxWaitMs: number;

	constructor(options: AdmissionOptions = {}) {
		this.concurrency = options.concurrency ?? ADMISSION_CONCURRENCY;
		this.maxWaiting = options.maxWaiting ?? ADMISSION_MAX_WAITING;
		this.maxWaitMs = options.maxWaitMs ?? ADMISSION_MAX_WAIT_MS;
	}

	/** How many run and how many wait now (metrics, tests). */
	get load(): { active: number; waiting: number } {
		return { active: this.active, waiting: this.waiting.length };
	}

	/** Runs `work` in its turn; rejects with `AdmissionRefused` (before running it) past the bound. */
	async run<T>(work: () => Promise<T>): Promise<T> {
		await this.enter();
		try {
			return await work();
		} finally {
			this.leave();
		}
	}

	private enter(): Promise<void> {
		// Nobody waiting and a place free: in at once (never ahead of those who wait).
		if (this.active < this.concurrency && this.waiting.length === 0) {
			this.active++;
			return Promise.resolve();
		}
		if (this.waiting.length >= this.maxWaiting) return Promise.reject(new AdmissionRefused('queue_full'));
		return new Promise<void>((resolve, reject) => {
			const waiter: Waiter = {
				admit: () => {
					clearTimeout(waiter.timer);
					this.active++;
					resolve();
				},
				timer: setTimeout(() => {
					const at = this.waiting.indexOf(waiter);
					if (at >= 0) this.waiting.splice(at, 1);
					reject(new AdmissionRefused('waited_too_long'));
				}, this.maxWaitMs)
			};
			this.waiting.push(waiter);
		});
	}

	private leave(): void {
		this.active--;
		// The longest waiting goes next.
		while (this.active < this.concurrency && this.waiting.length) this.waiting.shift()!.admit();
	}
}
