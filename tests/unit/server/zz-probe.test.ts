import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkSignInAllowed, recordSignInFailure } from '$lib/server/auth/rate-limit';
import { openTestDatabase, type TestDatabase } from './test-db';
let t: TestDatabase;
beforeAll(async () => { t = await openTestDatabase(); });
afterAll(async () => { await t?.close(); });
it('probe', async () => {
	const base = new Date();
	const at = (m: number) => new Date(base.getTime() + m * 60_000);
	await recordSignInFailure(t.db, 'lan', '1.1.1.1', at(0));
	for (let i = 0; i < 4; i++) await recordSignInFailure(t.db, 'lan', '1.1.1.1', at(10));
	console.log(await checkSignInAllowed(t.db, 'lan', '1.1.1.1', at(10)));
	console.log(await checkSignInAllowed(t.db, 'lan', '1.1.1.1', at(15.02)));
	expect(1).toBe(1);
});
