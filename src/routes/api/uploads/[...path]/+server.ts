import { endpoint } from '$lib/server/http/api';
import { getUploadServer } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/** Resumable attachment uploads (tus 1.0): the protocol lives in $lib/server/incidents/tus.ts. */
const tus: RequestHandler = endpoint((event) => getUploadServer().handle(event));

export const POST = tus;
export const HEAD = tus;
export const PATCH = tus;
export const DELETE = tus;
export const OPTIONS = tus;
