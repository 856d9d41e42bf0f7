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
	// Pages carry their own Content-Security-Policy; framing is refused for everything.
	if (!res.hasHeader('content-security-policy')) res.setHeader('content-security-policy', "frame-ancestors 'none'");
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

function shutdown() {
	server.close(() => process.exit(0));
	setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
