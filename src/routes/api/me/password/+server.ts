import { changePasswordSchema } from '$lib/domain/account';
import { ApiError, endpoint, readJson, requireUser } from '$lib/server/http/api';
import { changeOwnPassword } from '$lib/server/org/users.service';
import { getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	const body = await readJson(event, changePasswordSchema);
	const result = await changeOwnPassword(getDb(), user, event.locals.sessionId!, {
		...body,
		address: event.getClientAddress()
	});
	if (!result.ok && result.reason === 'locked') {
		const minutes = Math.ceil(result.retryAfterSeconds / 60);
		throw new ApiError(429, 'sign_in_locked', { minutes }, { 'retry-after': String(result.retryAfterSeconds) });
	}
	if (!result.ok) {
		const field = result.reason === 'wrong_current_password' ? 'currentPassword' : 'newPassword';
		throw new ApiError(400, result.reason, { field });
	}
	return new Response(null, { status: 204 });
});
