/**
 * Production entry: SvelteKit's Node handler behind a tiny HTTP server that adds the
 * security headers to every response — including prerendered pages and static files,
 * which adapter-node serves without passing through the app's hooks.
 *
 * Environment: PORT (default 3000), HOST (default 0.0.0.0), plus the app's own variables
 * (README). Start with `node scripts/serve.js` from the project folder after a build.
 */
import http from 'node:http';

// This server speaks plain HTTP. Without ORIGIN, the adapter would assume https and the
// app would set Secure cookies and refuse same-origin requests on a plain-HTTP LAN. The
// protocol comes from X-Forwarded-Proto, which is trusted only behind a proxy
// (TRUST_PROXY=1) and otherwise set here from the real connection.
const trustProxy = process.env.TRUST_PROXY === '1';
process.env.PROTOCOL_HEADER ??= 'x-forwarded-proto';
// Behind a proxy, the client's address (for sign-in rate limiting) is the proxy's last hop.
if (trustProxy) {
	process.env.ADDRESS_HEADER ??= 'x-forwarded-for';
	process.env.XFF_DEPTH ??= '1';
}
// Blank form files go up to 5 MB; JSON endpoints keep their own, much smaller, limit.
process.env.BODY_SIZE_LIMIT ??= '6M';
const { handler } = await import('../build/handler.js');

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';

const SECURITY_HEADERS = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'same-origin',
	'x-frame-options': 'DENY',
	'cross-origin-opener-policy': 'same-origin',
	// Camera, microphone and screen capture are for attaching evidence to a report.
	'permissions-policy': 'camera=(self), microphone=(self), display-capture=(self), geolocation=(), payment=()'
};

const server = http.createServer((req, res) => {
	if (!trustProxy || !req.headers['x-forwarded-proto']) req.headers['x-forwarded-proto'] = 'http';
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
	// Framing is refused for everything (dynamic pages replace this with their full policy,
	// and X-Frame-Options covers them; prerendered pages carry theirs in a meta tag).
	res.setHeader('content-security-policy', "frame-ancestors 'none'");
	if (req.headers['x-forwarded-proto'] === 'https' || process.env.ORIGIN?.startsWith('https:')) {
		res.setHeader('strict-transport-security', 'max-age=31536000');
	}
	handler(req, res, () => {
		res.statusCode = 404;
		res.end('Not found');
	});
});

server.listen(port, host, () => {
	console.info(`Ứng Cứu Một Cửa is listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`);
});

function shutdown(reason) {
	server.close();
	server.closeIdleConnections?.();
	// The app closes its database on this event (as adapter-node's own entry would send it).
	process.emit('sveltekit:shutdown', reason);
	setTimeout(() => process.exit(0), 1500).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
