import { changePasswordSchema } from '$lib/domain/account';
import { ApiError, endpoint, readJson, requireUser } from '$lib/server/http/api';
import { changeOwnPassword } from '$lib/server/org/users.service';
import { getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	const body = await readJson(event, changePasswordSchema);
	const result = await changeOwnPassword(getDb(), user, event.locals.sessionId!, body.currentPassword, body.newPassword);
	if (!result.ok) throw new ApiError(400, result.reason, { field: result.reason === 'wrong_current_password' ? 'currentPassword' : 'newPassword' });
	return new Response(null, { status: 204 });
});
