/** Requests taking turns for the embedded database: in order, a few at a time, and told to come back past the bound. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AdmissionQueue, AdmissionRefused } from '$lib/server/http/admission';

/** Work that ends when the test says so. */
function gate() {
	let open!: () => void;
	const opened = new Promise<void>((resolve) => (open = resolve));
	return { open, opened };
}

describe('AdmissionQueue', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('runs at most `concurrency` at once, and the rest in the order they came', async () => {
		const queue = new AdmissionQueue({ concurrency: 2, maxWaiting: 10, maxWaitMs: 10_000 });
		const started: number[] = [];
		const gates = Array.from({ length: 5 }, gate);
		const runs = gates.map((g, i) =>
			queue.run(async () => {
				started.push(i);
				await g.opened;
				return i;
			})
		);
		await vi.advanceTimersByTimeAsync(0);
		expect(started).toEqual([0, 1]);
		expect(queue.load).toEqual({ active: 2, waiting: 3 });
		// The second finishes first: the longest waiting (2) goes next, then 3, then 4.
		gates[1]!.open();
		await vi.advanceTimersByTimeAsync(0);
		expect(started).toEqual([0, 1, 2]);
		gates[0]!.open();
		await vi.advanceTimersByTimeAsync(0);
		expect(started).toEqual([0, 1, 2, 3]);
		for (const g of gates) g.open();
		expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4]);
		expect(queue.load).toEqual({ active: 0, waiting: 0 });
	});

	it('refuses at once past the waiting bound, without running the work', async () => {
		const queue = new AdmissionQueue({ concurrency: 1, maxWaiting: 2, maxWaitMs: 10_000 });
		const hold = gate();
		const running = queue.run(() => hold.opened);
		const waiting = [queue.run(async () => 'a'), queue.run(async () => 'b')];
		const work = vi.fn(async () => 'c');
		await expect(queue.run(work)).rejects.toEqual(new AdmissionRefused('queue_full'));
		expect(work).not.toHaveBeenCalled();
		hold.open();
		await running;
		expect(await Promise.all(waiting)).toEqual(['a', 'b']);
	});

	it('tells a request that waited too long to come back, and keeps the order of the others', async () => {
		const queue = new AdmissionQueue({ concurrency: 1, maxWaiting: 10, maxWaitMs: 10_000 });
		const hold = gate();
		const running = queue.run(() => hold.opened);
		const early = queue.run(async () => 'early');
		const refused = expect(early).rejects.toEqual(new AdmissionRefused('waited_too_long'));
		await vi.advanceTimersByTimeAsync(9_000);
		const late = queue.run(async () => 'late');
		await vi.advanceTimersByTimeAsync(1_000);
		await refused;
		expect(queue.load.waiting).toBe(1);
		hold.open();
		await running;
		expect(await late).toBe('late');
	});

	it('frees its place when the work fails', async () => {
		const queue = new AdmissionQueue({ concurrency: 1, maxWaiting: 10, maxWaitMs: 10_000 });
		await expect(queue.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		expect(await queue.run(async () => 'next')).toBe('next');
		expect(queue.load).toEqual({ active: 0, waiting: 0 });
	});
});
