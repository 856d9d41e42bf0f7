/** `ask()`: one question at a time, answered once, gone from the screen once answered. */
import { describe, expect, it } from 'vitest';
import { ask, confirmQuestions } from '$lib/client/confirm.svelte';

describe('asking in the page', () => {
	it('puts the question up and resolves with the answer, then takes it down', async () => {
		const answer = ask({ title: 'Rút lại báo cáo này?', confirm: 'Rút lại báo cáo', danger: true });
		expect(confirmQuestions.current).toMatchObject({ title: 'Rút lại báo cáo này?', confirm: 'Rút lại báo cáo', danger: true });
		confirmQuestions.current!.answer(true);
		expect(await answer).toBe(true);
		expect(confirmQuestions.current).toBeNull();

		const no = ask({ title: 'Bỏ bản nháp?', confirm: 'Bỏ bản nháp' });
		confirmQuestions.current!.answer(false);
		expect(await no).toBe(false);
		expect(confirmQuestions.current).toBeNull();
	});

	it('answers an older question “no” when a newer one takes its place, and keeps the newer one up', async () => {
		const first = ask({ title: 'Một', confirm: 'Có' });
		const older = confirmQuestions.current!;
		const second = ask({ title: 'Hai', confirm: 'Có' });
		expect(await first).toBe(false);
		expect(confirmQuestions.current?.title).toBe('Hai');
		// A late answer to the older one changes nothing.
		older.answer(true);
		expect(confirmQuestions.current?.title).toBe('Hai');
		confirmQuestions.current!.answer(true);
		expect(await second).toBe(true);
	});
});
