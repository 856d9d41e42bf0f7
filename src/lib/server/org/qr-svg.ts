/**
 * QR codes for the notice display, drawn here as SVG so that the display runs no QR code of
 * its own: a few hundred bytes each, sharp at any size, cached by the display's worker for
 * offline use. Each text is drawn once per process (a bounded set: one checklist address
 * and one status address per ward and public origin).
 */
import QRCode from 'qrcode';

const MAX_ENTRIES = 1_000;
const drawn = new Map<string, Promise<string>>();

export function qrSvg(text: string): Promise<string> {
	let svg = drawn.get(text);
	if (!svg) {
		if (drawn.size >= MAX_ENTRIES) drawn.delete(drawn.keys().next().value!);
		svg = QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
		drawn.set(text, svg);
		svg.catch(() => drawn.delete(text));
	}
	return svg;
}

/** An SVG answer that shared caches and the display's worker may keep for a day. */
export function svgResponse(svg: string): Response {
	return new Response(svg, {
		headers: { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'public, max-age=86400' }
	});
}
