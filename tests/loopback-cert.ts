/**
 * A certificate for 127.0.0.1 (ECDSA P-256, self-signed), made in code so that no openssl is
 * needed: the loopback push service of the tests speaks HTTPS, as real push services do
 * (web-push sends only over https). The end-to-end server trusts it through
 * NODE_EXTRA_CA_CERTS (playwright.config.ts).
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';


function der(tag: number, ...parts: Buffer[]): Buffer {
	const body = Buffer.concat(parts);
	const n = body.length;
	const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
	return Buffer.concat([Buffer.from([tag, ...length]), body]);
}
const seq = (...parts: Buffer[]) => der(0x30, ...parts);
function oid(dotted: string): Buffer {
	const [a, b, ...rest] = dotted.split('.').map(Number);
	const bytes = [a! * 40 + b!];
	for (const n of rest) {
		const chunk = [n & 0x7f];
		for (let v = n >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
		bytes.push(...chunk);
	}
	return der(0x06, Buffer.from(bytes));
}
const utcTime = (d: Date) => der(0x17, Buffer.from(`${d.toISOString().replace(/[-:T]/g, '').slice(2, 14)}Z`));

export function loopbackCertificate(validDays = 1): { key: string; cert: string } {
	const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
	const ecdsaWithSha256 = seq(oid('1.2.840.10045.4.3.2'));
	const name = seq(der(0x31, seq(oid('2.5.4.3'), der(0x0c, Buffer.from('loopback push service')))));
	const now = Date.now();
	const tbs = seq(
		der(0xa0, der(0x02, Buffer.from([2]))), // v3
		der(0x02, Buffer.concat([Buffer.from([0x01]), randomBytes(8)])),
		ecdsaWithSha256,
		name,
		seq(utcTime(new Date(now - 3600_000)), utcTime(new Date(now + validDays * 24 * 3600_000))),
		name,
		publicKey.export({ type: 'spki', format: 'der' }),
		// subjectAltName: IP 127.0.0.1
		der(0xa3, seq(seq(oid('2.5.29.17'), der(0x04, seq(der(0x87, Buffer.from([127, 0, 0, 1])))))))
	);
	const certificate = seq(tbs, ecdsaWithSha256, der(0x03, Buffer.from([0]), sign('sha256', tbs, privateKey)));
	const lines = certificate.toString('base64').match(/.{1,64}/g)!.join('\n');
	const cert = `-----BEGIN CERTIFICATE-----\n${lines}\n-----END CERTIFICATE-----\n`;
	return { key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), cert };
}

