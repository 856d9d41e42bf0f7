import { json } from '@sveltejs/kit';
import { contactInputSchema } from '$lib/domain/admin';
import { requireAdmin } from '$lib/server/admin/authority';
import { removeContact, updateContact } from '$lib/server/admin/contacts.admin';
import { endpoint, readJson } from '$lib/server/http/api';
import { getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const PUT: RequestHandler = endpoint(async (event) => {
	const admin = requireAdmin(event);
	const input = await readJson(event, contactInputSchema);
	return json(await updateContact(getDb(), admin, event.params.id, event.params.contactId, input));
});

export const DELETE: RequestHandler = endpoint(async (event) => {
	const admin = requireAdmin(event);
	await removeContact(getDb(), admin, event.params.id, event.params.contactId);
	return new Response(null, { status: 204 });
});
