/**
 * Coalescing: items handed over while a batch is being handled wait and go together in the
 * next one. Under load (a hundred desks reporting at once) one database round trip serves
 * many reports; alone, an item goes at once. Each caller's promise settles with the batch
 * that carried its item.
 */
export function batched<T>(handle: (items: T[]) => Promise<void>): (item: T) => Promise<void> {
	let waiting: { item: T; settle: (error?: unknown) => void }[] = [];
	let running = false;

	async function drain(): Promise<void> {
		running = true;
		while (waiting.length) {
			const batch = waiting;
			waiting = [];
			try {
				await handle(batch.map((w) => w.item));
				for (const w of batch) w.settle();
			} catch (error) {
				for (const w of batch) w.settle(error);
			}
		}
		running = false;
	}

	return (item) =>
		new Promise<void>((resolve, reject) => {
			waiting.push({ item, settle: (error) => (error === undefined ? resolve() : reject(error)) });
			if (!running) void drain();
		});
}
