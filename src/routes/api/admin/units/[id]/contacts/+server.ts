import { json } from '@sveltejs/kit';
import { contactInputSchema } from '$lib/domain/admin';
import { requireAdmin } from '$lib/server/admin/authority';
import { addContact, listContacts } from '$lib/server/admin/contacts.admin';
import { endpoint, readJson } from '$lib/server/http/api';
import { getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = endpoint(async (event) => {
	const admin = requireAdmin(event);
	return json({ items: await listContacts(getDb(), admin, event.params.id) });
});

export const POST: RequestHandler = endpoint(async (event) => {
	const admin = requireAdmin(event);
	const input = await readJson(event, contactInputSchema);
	return json(await addContact(getDb(), admin, event.params.id, input), { status: 201 });
});
