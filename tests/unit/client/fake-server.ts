/**
 * An honest in-process stand-in for the server's incident API, used as the outbox Transport.
 *
 * It applies the server's own rules: a report is parsed with the shared schema; the first PUT
 * of an id stores it (201), an identical repeat by the same author is answered as before (200),
 * and other content under the same id is a conflict (409). An attachment needs its report,
 * must match its SHA-256 and its declared type, and is stored once per id the same way.
 * Answers are built as HTTP responses and classified by the app's own `toOutcome`, so a 5xx
 * or a 401 reaches the drain exactly as it would through `fetch`.
 */
import type { LocalAction, LocalAttachment, LocalReport } from '$lib/client/db';
import type { Transport } from '$lib/client/outbox/drain';
import { toOutcome, type Outcome } from '$lib/client/outbox/transport';
import { sha256Hex } from '$lib/client/reports/attachments';
import type { ApiErrorCode } from '$lib/domain/api-error';
import { SNIFF_BYTES, checkAttachmentType } from '$lib/domain/attachment';
import { incidentEventSchema } from '$lib/domain/lifecycle';
import { reportSchema, sameReport, type Report } from '$lib/domain/report';

/**
 * - `normal`: answers;
 * - `down`: the request never arrives (no network, DNS, server stopped);
 * - `expired_session`: the session cookie is no longer valid (401);
 * - `error_5xx`: the server is there but failing (503), and stores nothing;
 * - `error_500`: the server fails on the request itself (500), and stores nothing;
 * - `busy`: too many requests at once: 503 with `Retry-After: 7`, nothing stored.
 */
export type ServerMode = 'normal' | 'down' | 'expired_session' | 'error_5xx' | 'error_500' | 'busy';

export interface StoredReport {
	userId: string;
	report: Report;
}

export interface StoredAttachment {
	reportId: string;
	name: string;
	type: string;
	size: number;
	sha256: string;
}

interface ErrorAnswer {
	status: number;
	code: ApiErrorCode;
	message: string;
	field?: string;
}

export class FakeServer implements Transport {
	mode: ServerMode = 'normal';
	/** Whose session the browser holds; `null`: any author is accepted. */
	signedIn: string | null = null;
	readonly reports = new Map<string, StoredReport>();
	readonly attachments = new Map<string, StoredAttachment>();
	/** The bytes of each stored attachment, as the server wrote them. */
	readonly attachmentBytes = new Map<string, Uint8Array>();
	/** Every request that reached the server, in order: "report:<id>" or "attachment:<id>". */
	readonly received: string[] = [];
	/** The HTTP status of each answer the server gave, in order (sent or lost). */
	readonly statuses: number[] = [];
	/** Every call the device made, including those that never reached the server. */
	calls = 0;
	/** How many of the next answers are lost after the server acted (the connection drops). */
	loseAnswers = 0;
	/** Ids the server refuses with the given answer (e.g. a file its scanner turns away). */
	readonly refusals = new Map<string, ErrorAnswer>();
	/** Runs before each call is handled, to change the server mid-drain. */
	beforeEach?: (request: string) => void;

	async report(local: LocalReport): Promise<Outcome<{ incident?: { id: string } }>> {
		const request = `report:${local.id}`;
		const blocked = this.arrive(request, local.userId);
		if (blocked) return blocked;
		const refusal = this.refusals.get(local.id);
		if (refusal) return this.answer(refusal.status, errorBody(refusal));
		const parsed = reportSchema.safeParse(local.body);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			return this.answer(422, errorBody({ code: 'validation_failed', message: 'Dữ liệu không hợp lệ', field: String(issue?.path[0] ?? '') }));
		}
		const stored = this.reports.get(local.id);
		if (!stored) {
			this.reports.set(local.id, { userId: local.userId, report: parsed.data });
			return this.answer(201, { incident: { id: local.id } });
		}
		if (stored.userId === local.userId && sameReport(stored.report, parsed.data)) {
			return this.answer(200, { incident: { id: local.id } });
		}
		return this.answer(409, errorBody({ code: 'incident_conflict', message: 'Báo cáo này đã được gửi với nội dung khác' }));
	}

	async attachment(
		local: LocalAttachment,
		hooks: { onProgress(bytes: number): void; onUploadUrl(url: string): void }
	): Promise<Outcome> {
		const request = `attachment:${local.id}`;
		const blocked = this.arrive(request, local.userId);
		if (blocked) return blocked;
		// As with tus: the upload session exists, and bytes arrive, before the server judges the file.
		hooks.onUploadUrl(`/api/uploads/${local.id}`);
		hooks.onProgress(Math.ceil(local.size / 2));
		const refusal = this.refusals.get(local.id);
		if (refusal) return this.answer(refusal.status, errorBody(refusal));
		const owner = this.reports.get(local.reportId);
		if (!owner || owner.userId !== local.userId) {
			return this.answer(404, errorBody({ code: 'not_found', message: 'Không tìm thấy báo cáo' }));
		}
		const head = new Uint8Array(await local.blob.slice(0, SNIFF_BYTES).arrayBuffer());
		if (!checkAttachmentType(local.name, local.type, head).ok) {
			return this.answer(415, errorBody({ code: 'attachment_type_refused', message: 'Loại tệp không được nhận' }));
		}
		if ((await sha256Hex(local.blob)) !== local.sha256) {
			return this.answer(422, errorBody({ code: 'checksum_mismatch', message: 'Tệp bị hỏng khi gửi' }));
		}
		const stored = this.attachments.get(local.id);
		if (!stored) {
			hooks.onProgress(local.size);
			this.attachmentBytes.set(local.id, new Uint8Array(await local.blob.arrayBuffer()));
			this.attachments.set(local.id, {
				reportId: local.reportId,
				name: local.name,
				type: local.type,
				size: local.size,
				sha256: local.sha256
			});
			return this.answer(201, null);
		}
		if (stored.sha256 === local.sha256 && stored.reportId === local.reportId) return this.answer(200, null);
		return this.answer(409, errorBody({ code: 'attachment_conflict', message: 'Tệp này đã được gửi với nội dung khác' }));
	}

	/** Actions the server applied, in order, once each: "<type>:<incident id>". */
	readonly events: string[] = [];
	/** The ids of the actions applied, in the order applied. */
	readonly appliedActions: string[] = [];
	private readonly eventIds = new Set<string>();
	/** Incident versions the server holds; an action carrying another version is stale (409). */
	readonly versions = new Map<string, number>();

	async event(local: LocalAction): Promise<Outcome> {
		const request = `event:${local.id}`;
		const blocked = this.arrive(request, local.userId);
		if (blocked) return blocked;
		const refusal = this.refusals.get(local.id);
		if (refusal) return this.answer(refusal.status, errorBody(refusal));
		const parsed = incidentEventSchema.safeParse({ ...local.body, id: local.id });
		if (!parsed.success) return this.answer(400, errorBody({ code: 'validation_failed', message: 'Dữ liệu không hợp lệ' }));
		if (!this.reports.has(local.incidentId)) return this.answer(404, errorBody({ code: 'not_found', message: 'Không tìm thấy' }));
		// A replay of an action already applied (its answer was lost) changes nothing.
		if (this.eventIds.has(local.id)) return this.answer(200, null);
		const version = this.versions.get(local.incidentId) ?? 1;
		if (parsed.data.version !== undefined && parsed.data.version !== version) {
			return this.answer(409, errorBody({ code: 'stale_version', message: 'Trần Văn Hùng vừa cập nhật sự cố này trước bạn.' }));
		}
		this.eventIds.add(local.id);
		this.appliedActions.push(local.id);
		this.events.push(`${parsed.data.type}:${local.incidentId}`);
		if (parsed.data.type !== 'comment') this.versions.set(local.incidentId, version + 1);
		return this.answer(201, null);
	}

	/** Requests the server received for one id. */
	count(request: string): number {
		return this.received.filter((r) => r === request).length;
	}

	/** `null` when the request reaches the handler; otherwise the outcome the device sees. */
	private arrive(request: string, userId: string): Promise<Outcome<never>> | null {
		this.calls++;
		this.beforeEach?.(request);
		if (this.mode === 'down') return Promise.resolve({ kind: 'retry', reason: 'Failed to fetch' });
		this.received.push(request);
		if (this.mode === 'busy') {
			return this.answer(503, errorBody({ code: 'server_busy', message: 'Máy chủ đang bận' }), { lose: false, headers: { 'retry-after': '7' } });
		}
		if (this.mode === 'error_5xx') {
			return this.answer(503, errorBody({ code: 'internal', message: 'Lỗi máy chủ' }), { lose: false });
		}
		if (this.mode === 'error_500') {
			return this.answer(500, errorBody({ code: 'internal', message: 'Lỗi máy chủ' }), { lose: false });
		}
		if (this.mode === 'expired_session') {
			return this.answer(401, errorBody({ code: 'unauthenticated', message: 'Phiên đăng nhập đã hết hạn' }), { lose: false });
		}
		if (this.signedIn !== null && this.signedIn !== userId) {
			return this.answer(401, errorBody({ code: 'session_mismatch', message: 'Phiên đăng nhập của người khác' }), { lose: false });
		}
		return null;
	}

	/** The answer as the device reads it: an HTTP response through the app's own classifier. */
	private async answer<T>(
		status: number,
		body: unknown,
		{ lose = true, headers = {} }: { lose?: boolean; headers?: Record<string, string> } = {}
	): Promise<Outcome<T>> {
		this.statuses.push(status);
		if (lose && this.loseAnswers > 0) {
			// The server acted; the device never hears it.
			this.loseAnswers--;
			return { kind: 'retry', reason: 'connection reset' };
		}
		const response = new Response(body === null ? null : JSON.stringify(body), {
			status,
			headers: { 'content-type': 'application/json', ...headers }
		});
		return toOutcome<T>(response);
	}
}

function errorBody({ code, message, field }: Omit<ErrorAnswer, 'status'>) {
	return { error: field ? { code, message, field } : { code, message } };
}
