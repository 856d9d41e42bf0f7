import { errorResponse } from '$lib/server/http/api';
import { cachedPublicWard } from '$lib/server/org/public-ward-cache';
import { qrSvg, svgResponse } from '$lib/server/org/qr-svg';
import { getDb } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/** No sign-in: the notice display's code for its ward's public status page. */
export const GET: RequestHandler = async ({ params, url, locals }) => {
	const ward = await cachedPublicWard(getDb(), params.slug);
	if (!ward) return errorResponse(locals.locale, 404, 'not_found');
	return svgResponse(await qrSvg(`${url.origin}/trang-thai/${ward.slug}`));
};
