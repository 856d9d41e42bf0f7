import { json } from '@sveltejs/kit';
import { ApiError, endpoint, requireExpectedUser, requireUser } from '$lib/server/http/api';
import { attachmentHeaders } from '$lib/server/incidents/attachment-http';
import { findAttachment } from '$lib/server/incidents/attachments.service';
import { putAttachment } from '$lib/server/incidents/upload-put';
import { getBlobStore, getDb } from '$lib/server/runtime';
import type { RequestEvent, RequestHandler } from './$types';

async function attachmentOf(event: RequestEvent) {
	requireUser(event);
	const row = await findAttachment(getDb(), event.locals.scope, event.params.id, event.params.attachmentId);
	if (!row) throw new ApiError(404, 'not_found');
	return row;
}

/** The stored bytes, streamed, never cached on the device. */
export const GET: RequestHandler = endpoint(async (event) => {
	const row = await attachmentOf(event);
	const blob = await getBlobStore().open(row.sha256);
	if (!blob) throw new Error(`Attachment ${row.id}: blob ${row.sha256} is missing from the file store`);
	return new Response(blob.stream, { headers: attachmentHeaders(row) });
});

/** Is it stored? The device asks before sending a file again (`X-Sha256` says which bytes). */
export const HEAD: RequestHandler = endpoint(async (event) => {
	const row = await attachmentOf(event);
	return new Response(null, { headers: attachmentHeaders(row) });
});

/** The raw bytes as the body; `?name=&type=&sha256=`. 201 stored, 200 already stored. */
export const PUT: RequestHandler = endpoint(async (event) => {
	const user = requireExpectedUser(event);
	const { created, attachment } = await putAttachment({
		db: getDb(),
		store: getBlobStore(),
		scope: event.locals.scope,
		user,
		reportId: event.params.id,
		attachmentId: event.params.attachmentId,
		request: event.request,
		query: event.url.searchParams
	});
	return json({ attachment }, { status: created ? 201 : 200 });
});
