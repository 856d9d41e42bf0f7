/**
 * The mail server goes down: alerts wait, queued, and go out once it is back — through the
 * real e-mail channel and a real SMTP server on loopback, with one Message-ID per person and
 * reason however many tries it took.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { deliveries, users } from '$lib/server/db/schema';
import { startLive, stopLive } from '$lib/server/live';
import { emailChannel, readEmailConfig } from '$lib/server/notify/channels/email';
import { enqueueAlerts, runDeliveries } from '$lib/server/notify/deliveries.service';
import { file, makeWorld, type World } from './escalation-fixture';
import { useIncidentRuntime } from './incidents-fixture';

vi.mock('$lib/server/runtime', async () => (await import('./incidents-fixture')).runtimeMock());

const t = useIncidentRuntime();
let w: World;
let port: number;
const messageIds: string[] = [];

function startSmtp(listenOn: number): Promise<SMTPServer> {
	const server = new SMTPServer({
		logger: false,
		disabledCommands: ['STARTTLS', 'AUTH'],
		onData(stream, _session, callback) {
			let head = '';
			stream.on('data', (chunk: Buffer) => (head += chunk.toString('utf8')));
			stream.on('end', () => {
				messageIds.push(/^Message-ID: (.+)$/im.exec(head)?.[1]?.trim() ?? '');
				callback();
			});
		}
	});
	return new Promise((resolve) => server.listen(listenOn, '127.0.0.1', () => resolve(server)));
}

const stop = (server: SMTPServer) => new Promise<void>((resolve) => server.close(() => resolve()));

beforeAll(() => startLive(null));
afterAll(() => stopLive());
beforeEach(async () => {
	w = await makeWorld(t.db);
	messageIds.length = 0;
	await t.db.update(users).set({ email: 'totruong@thaihoa.example' }).where(eq(users.id, w.leader.user.id));
});

describe('e-mail alerts while the mail server is down', () => {
	it('are kept queued, retried with backoff, and sent once it returns — one Message-ID', async () => {
		// Learn a free port, then leave it with nobody listening: the mail server is down.
		const probe = await startSmtp(0);
		port = (probe.server.address() as AddressInfo).port;
		await stop(probe);
		const config = readEmailConfig({ SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: 'Ứng Cứu Một Cửa <noreply@ungcuu.example>' })!;
		const channels = [emailChannel({ ...config, timeoutMs: 2_000 })];

		const incident = await file(w.desk);
		await enqueueAlerts(t.db, channels, incident.id, [{ userId: w.leader.user.id, reason: 'reported_complex' }]);
		const start = new Date();
		expect(await runDeliveries(t.db, channels, 'https://ungcuu.example', start)).toMatchObject({ retried: 1 });
		expect(await runDeliveries(t.db, channels, 'https://ungcuu.example', new Date(start.getTime() + 31_000))).toMatchObject({ retried: 1 });
		const [waiting] = await t.db.select().from(deliveries).where(eq(deliveries.incidentId, incident.id));
		expect(waiting).toMatchObject({ status: 'queued', attempts: 2 });
		expect(waiting!.lastError).toBeTruthy();

		const server = await startSmtp(port);
		try {
			expect(await runDeliveries(t.db, channels, 'https://ungcuu.example', new Date(start.getTime() + 200_000))).toMatchObject({ sent: 1 });
			expect(messageIds).toHaveLength(1);
			expect(messageIds[0]).toMatch(/^<ucmc-[0-9a-f]{32}@ungcuu\.example>$/);
			const [done] = await t.db.select().from(deliveries).where(eq(deliveries.incidentId, incident.id));
			expect(done).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
		} finally {
			await stop(server);
		}
	});

	it('a crash between sending and recording: sent again after the lease, with the same Message-ID (the mail server collapses it)', async () => {
		const server = await startSmtp(0);
		try {
			port = (server.server.address() as AddressInfo).port;
			const config = readEmailConfig({ SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: 'Ứng Cứu Một Cửa <noreply@ungcuu.example>' })!;
			const channels = [emailChannel({ ...config, timeoutMs: 2_000 })];
			const incident = await file(w.desk);
			await enqueueAlerts(t.db, channels, incident.id, [{ userId: w.leader.user.id, reason: 'reported_complex' }]);
			const start = new Date();
			expect(await runDeliveries(t.db, channels, 'https://ungcuu.example', start)).toMatchObject({ sent: 1 });
			// The process died after the mail left but before "sent" was written: the row is still
			// claimed ("sending") under a lease that runs out.
			await t.db
				.update(deliveries)
				.set({ status: 'sending', sentAt: null, nextAttemptAt: new Date(start.getTime() + 120_000) })
				.where(eq(deliveries.incidentId, incident.id));
			expect(await runDeliveries(t.db, channels, 'https://ungcuu.example', new Date(start.getTime() + 60_000))).toMatchObject({ sent: 0 });
			expect(await runDeliveries(t.db, channels, 'https://ungcuu.example', new Date(start.getTime() + 121_000))).toMatchObject({ sent: 1 });
			// At least once, never a second identity: two messages, one Message-ID.
			expect(messageIds).toHaveLength(2);
			expect(new Set(messageIds).size).toBe(1);
		} finally {
			await stop(server);
		}
	});

	it('a mail server that refuses for good: the delivery ends as failed, with its reason in the log, after a few tries at most', async () => {
		const server = new SMTPServer({
			logger: false,
			disabledCommands: ['STARTTLS', 'AUTH'],
			onRcptTo(_address, _session, callback) {
				const refusal = new Error('Mailbox does not exist') as Error & { responseCode: number };
				refusal.responseCode = 550;
				callback(refusal);
			}
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			port = (server.server.address() as AddressInfo).port;
			const config = readEmailConfig({ SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: 'Ứng Cứu Một Cửa <noreply@ungcuu.example>' })!;
			const channels = [emailChannel({ ...config, timeoutMs: 2_000 })];
			const incident = await file(w.desk);
			await enqueueAlerts(t.db, channels, incident.id, [{ userId: w.leader.user.id, reason: 'reported_complex' }]);
			expect(await runDeliveries(t.db, channels, 'https://ungcuu.example')).toMatchObject({ failed: 1 });
			const [row] = await t.db.select().from(deliveries).where(eq(deliveries.incidentId, incident.id));
			expect(row).toMatchObject({ status: 'failed', attempts: 1 });
			expect(row!.lastError).toBeTruthy();
		} finally {
			await stop(server);
		}
	});
});
