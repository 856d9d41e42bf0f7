import { json } from '@sveltejs/kit';
import { version } from '$app/environment';
import { getDbKind } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

// Polled by every client to tell "offline" from "server unreachable": no session lookup,
// no query, no allocation beyond the answer.
export const GET: RequestHandler = () =>
	json({ ok: true, db: getDbKind(), version }, { headers: { 'cache-control': 'no-store' } });

export const HEAD: RequestHandler = () => new Response(null, { headers: { 'cache-control': 'no-store' } });
