import { errorResponse } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

// Unknown API paths answer in the API's own JSON error shape, not with an HTML page.
export const fallback: RequestHandler = ({ locals }) => errorResponse(locals.locale, 404, 'not_found');
