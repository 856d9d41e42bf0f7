import { json, type RequestEvent } from '@sveltejs/kit';
import { formatDuration, NOTICE_AUDIO_MAX_BYTES, NOTICE_AUDIO_MAX_SECONDS } from '$lib/domain/notice-voice';
import { BodyError, receiveBytes, TooLargeError } from '$lib/server/files/receive';
import { ApiError, endpoint, requireUser, tooLarge } from '$lib/server/http/api';
import { bodyRefusal } from '$lib/server/incidents/upload-put';
import { getNoticeVoice, removeNoticeVoice, saveNoticeVoice, wardForVoice } from '$lib/server/org/notice-voice.service';
import { getBlobStore, getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

const LIMIT_MB = NOTICE_AUDIO_MAX_BYTES / 1024 / 1024;

/** The ward, if the caller may record its notice: 404 outside their reach, 403 without the right. */
async function ward(event: RequestEvent<{ id: string }>) {
	const user = requireUser(event);
	const access = await wardForVoice(getDb(), user, event.locals.scope, event.params.id);
	if (!access.ok) throw new ApiError(access.reason === 'not_found' ? 404 : 403, access.reason);
	return { user, ward: access.ward };
}

export const GET: RequestHandler = endpoint(async (event) => {
	const { ward: unit } = await ward(event);
	return json({ audio: await getNoticeVoice(getDb(), unit) }, { headers: { 'cache-control': 'no-store' } });
});

/** The recording's bytes as the body (any declared type: the content decides). */
export const PUT: RequestHandler = endpoint(async (event) => {
	const { user, ward: unit } = await ward(event);
	// Refuse an announced oversize body before reading it.
	if (Number(event.request.headers.get('content-length') ?? 0) > NOTICE_AUDIO_MAX_BYTES) {
		throw tooLarge(NOTICE_AUDIO_MAX_BYTES, 'audio_too_large');
	}
	let bytes: Uint8Array;
	try {
		bytes = await receiveBytes(event.request.body, NOTICE_AUDIO_MAX_BYTES);
	} catch (err) {
		if (err instanceof TooLargeError) throw tooLarge(NOTICE_AUDIO_MAX_BYTES, 'audio_too_large');
		if (err instanceof BodyError) throw bodyRefusal(err.cause);
		throw err;
	}
	const result = await saveNoticeVoice(getDb(), getBlobStore(), user, unit, bytes);
	if (result.ok) return json({ audio: result.audio }, { status: result.created ? 201 : 200 });
	switch (result.reason) {
		case 'audio_too_large':
			throw new ApiError(413, result.reason, { limit: LIMIT_MB });
		case 'audio_type_refused':
			throw new ApiError(415, result.reason);
		case 'audio_too_long':
			throw new ApiError(422, result.reason, {
				duration: formatDuration(result.durationSeconds ?? NOTICE_AUDIO_MAX_SECONDS),
				limit: NOTICE_AUDIO_MAX_SECONDS / 60
			});
		default:
			throw new ApiError(422, result.reason);
	}
});

export const DELETE: RequestHandler = endpoint(async (event) => {
	const { user, ward: unit } = await ward(event);
	await removeNoticeVoice(getDb(), user, unit);
	return new Response(null, { status: 204 });
});
