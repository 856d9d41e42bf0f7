import { qrSvg, svgResponse } from '$lib/server/org/qr-svg';
import type { RequestHandler } from './$types';

/** No sign-in: the notice display's code for the paper-form checklist, on the address it was opened at. */
export const GET: RequestHandler = async ({ url }) => svgResponse(await qrSvg(`${url.origin}/ho-so`));
