/** Coalescing work: alone an item goes at once; items arriving meanwhile go together next. */
import { describe, expect, it } from 'vitest';
import { batched } from '$lib/server/util/batched';

describe('batched', () => {
	it('sends the first item alone and everything that arrived meanwhile in one next batch', async () => {
		const batches: number[][] = [];
		let release!: () => void;
		const first = new Promise<void>((r) => (release = r));
		const add = batched<number>(async (items) => {
			batches.push(items);
			if (batches.length === 1) await first;
		});
		const done = [add(1), add(2), add(3), add(4)];
		await Promise.resolve();
		expect(batches).toEqual([[1]]);
		release();
		await Promise.all(done);
		expect(batches).toEqual([[1], [2, 3, 4]]);
	});

	it('rejects the callers of a failed batch only, and goes on with the next', async () => {
		const add = batched<string>(async (items) => {
			if (items.includes('bad')) throw new Error('no');
		});
		const bad = add('bad');
		await expect(bad).rejects.toThrow('no');
		await expect(add('good')).resolves.toBeUndefined();
	});
});
