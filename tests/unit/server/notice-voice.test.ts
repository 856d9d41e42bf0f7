/**
 * The notice in a human voice, through its routes: `PUT`, `GET`, `DELETE
 * /api/units/{id}/notice/audio` and the public `GET /api/public/wards/{slug}/notice-audio/{sha256}`.
 * Checked by content, capped, scoped, replaced, removed, and written in the audit.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_NOTICE_VI, type PublicWard } from '$lib/domain/notice';
import type { NoticeVoiceInfo } from '$lib/domain/notice-voice';
import { auditLog, units, wardNoticeAudio } from '$lib/server/db/schema';
import { sha256Hex } from '$lib/server/files/blob-store';
import { clearPublicWardCache } from '$lib/server/org/public-ward-cache';
import * as voiceRoute from '../../../src/routes/api/units/[id]/notice/audio/+server';
import * as publicAudioRoute from '../../../src/routes/api/public/wards/[slug]/notice-audio/[version]/+server';
import * as publicWardRoute from '../../../src/routes/api/public/wards/[slug]/+server';
import * as noticeRoute from '../../../src/routes/api/units/[id]/notice/+server';
import { call, makeWardWithPeople, person, useIncidentRuntime, type Person, type WardFixture } from './incidents-fixture';
import { makeWard } from './test-db';

vi.mock('$lib/server/runtime', async () => (await import('./incidents-fixture')).runtimeMock());

const t = useIncidentRuntime();

const fixture = (name: string) => new Uint8Array(readFileSync(path.resolve('tests/fixtures/audio', name)));
const webm = fixture('tone.webm');
const m4a = fixture('tone-fragmented.m4a');

const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
/** 8 kHz, 8-bit mono PCM: 8,000 bytes a second, so 181 s is only 1.4 MB. */
function wav(seconds: number): Uint8Array {
	const data = seconds * 8000;
	const head = [...'RIFF'].map((c) => c.charCodeAt(0)).concat(le32(36 + data), [...'WAVEfmt '].map((c) => c.charCodeAt(0)), le32(16), [1, 0, 1, 0], le32(8000), le32(8000), [1, 0, 8, 0], [...'data'].map((c) => c.charCodeAt(0)), le32(data));
	const out = new Uint8Array(head.length + data);
	out.set(head);
	return out;
}

let w: WardFixture;
let leader: Person;
let deputy: Person;
let admin: Person;
let provinceAdmin: Person;
beforeEach(async () => {
	clearPublicWardCache();
	w = await makeWardWithPeople(t.db, 1);
	leader = await person(t.db, { role: 'ward_responder', unitId: w.ward.id, isLeader: true, fullName: 'Tổ trưởng Lê Văn An' });
	deputy = await person(t.db, { role: 'ward_responder', unitId: w.ward.id, isDeputy: true, fullName: 'Tổ phó Trần Thị Bình' });
	admin = await person(t.db, { role: 'admin', unitId: w.ward.id, fullName: 'Quản trị phường' });
	provinceAdmin = await person(t.db, { role: 'admin', unitId: w.province.id, fullName: 'Quản trị tỉnh' });
});

function put(caller: Person | null, bytes: Uint8Array, wardId = w.ward.id, headers: Record<string, string> = {}) {
	return call(voiceRoute.PUT, caller, {
		method: 'PUT',
		path: `/api/units/${wardId}/notice/audio`,
		params: { id: wardId },
		body: bytes as BodyInit,
		// The declared type says nothing: the content decides.
		headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes.byteLength), ...headers }
	});
}
const get = (caller: Person, wardId = w.ward.id) => call(voiceRoute.GET, caller, { path: `/api/units/${wardId}/notice/audio`, params: { id: wardId } });
const remove = (caller: Person, wardId = w.ward.id) =>
	call(voiceRoute.DELETE, caller, { method: 'DELETE', path: `/api/units/${wardId}/notice/audio`, params: { id: wardId } });

async function publicWard(slug = w.ward.slug): Promise<PublicWard> {
	const response = await call(publicWardRoute.GET, null, { path: `/api/public/wards/${slug}`, params: { slug } });
	return ((await response.json()) as { ward: PublicWard }).ward;
}
function publicAudio(url: string, headers: Record<string, string> = {}) {
	const [, slug, version] = /^\/api\/public\/wards\/([^/]+)\/notice-audio\/([^/]+)$/.exec(url)!;
	return call(publicAudioRoute.GET, null, { path: url, params: { slug: slug!, version: version! }, headers });
}
const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; message: string } }).error;
const audits = () => t.db.select().from(auditLog).orderBy(auditLog.at);

describe('recording the notice', () => {
	it('the leader saves a recording; displays get it without signing in, at an address that names its bytes', async () => {
		const saved = await put(leader, webm);
		expect(saved.status).toBe(201);
		const { audio } = (await saved.json()) as { audio: NoticeVoiceInfo };
		expect(audio).toMatchObject({
			url: `/api/public/wards/${w.ward.slug}/notice-audio/${sha256Hex(webm)}`,
			type: 'audio/webm',
			size: webm.byteLength,
			recordedByName: 'Tổ trưởng Lê Văn An',
			matchesText: true
		});
		expect(audio.durationSeconds).toBeGreaterThan(1);

		const ward = await publicWard();
		expect(ward.notice.audio).toEqual({ url: audio.url, type: 'audio/webm', durationSeconds: audio.durationSeconds });
		const served = await publicAudio(audio.url);
		expect(served.status).toBe(200);
		expect(served.headers.get('content-type')).toBe('audio/webm');
		expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
		expect(new Uint8Array(await served.arrayBuffer())).toEqual(webm);
		// A media element asks for ranges.
		const part = await publicAudio(audio.url, { range: 'bytes=0-99' });
		expect(part.status).toBe(206);
		expect(part.headers.get('content-range')).toBe(`bytes 0-99/${webm.byteLength}`);
		expect((await part.arrayBuffer()).byteLength).toBe(100);
	});

	it('a new recording replaces the old one (a new address; the old one answers 404), and the audit names who did each', async () => {
		const first = ((await (await put(leader, webm)).json()) as { audio: NoticeVoiceInfo }).audio;
		const replaced = await put(deputy, m4a);
		expect(replaced.status).toBe(200);
		const second = ((await replaced.json()) as { audio: NoticeVoiceInfo }).audio;
		expect(second.url).not.toBe(first.url);
		expect(second).toMatchObject({ type: 'audio/mp4', recordedByName: 'Tổ phó Trần Thị Bình' });
		expect(await t.db.select().from(wardNoticeAudio)).toHaveLength(1);
		expect((await publicWard()).notice.audio?.url).toBe(second.url);
		expect((await publicAudio(first.url)).status).toBe(404);
		expect((await publicAudio(second.url)).status).toBe(200);

		const entries = await audits();
		expect(entries.map((e) => [e.action, e.actorName, e.entityId, e.unitId, e.parentUnitId])).toEqual([
			['notice_voice.record', 'Tổ trưởng Lê Văn An', w.ward.id, w.ward.id, w.province.id],
			['notice_voice.record', 'Tổ phó Trần Thị Bình', w.ward.id, w.ward.id, w.province.id]
		]);
		expect(entries[0]!.before).toBeNull();
		expect(entries[0]!.after).toEqual({ noticeVoice: expect.stringMatching(/^0:01 · WebM · 24 KB$/) });
		expect(entries[1]!.before).toEqual(entries[0]!.after);
		expect(entries[1]!.after).toEqual({ noticeVoice: expect.stringMatching(/^0:01 · M4A · 25 KB$/) });
	});

	it('removal stops the public answer and is in the audit; removing nothing is harmless', async () => {
		const { audio } = (await (await put(admin, webm)).json()) as { audio: NoticeVoiceInfo };
		expect((await remove(leader)).status).toBe(204);
		expect((await publicWard()).notice.audio).toBeNull();
		expect((await publicAudio(audio.url)).status).toBe(404);
		expect(((await (await get(leader)).json()) as { audio: null }).audio).toBeNull();
		expect((await remove(leader)).status).toBe(204);
		const entries = await audits();
		expect(entries.map((e) => [e.action, e.actorName])).toEqual([
			['notice_voice.record', 'Quản trị phường'],
			['notice_voice.remove', 'Tổ trưởng Lê Văn An']
		]);
		expect(entries[1]!.after).toBeNull();
	});

	it('says so once the notice text changed after recording, and keeps the recording', async () => {
		await put(leader, webm);
		const edited = await call(noticeRoute.PUT, admin, {
			method: 'PUT',
			path: `/api/units/${w.ward.id}/notice`,
			params: { id: w.ward.id },
			body: JSON.stringify({ text: 'Hệ thống iGate đang được nâng cấp, xin vui lòng chờ.', estimatedWait: null }),
			headers: { 'content-type': 'application/json' }
		});
		expect(edited.status).toBe(204);
		const { audio } = (await (await get(leader)).json()) as { audio: NoticeVoiceInfo };
		expect(audio.matchesText).toBe(false);
		expect((await publicWard()).notice.audio).not.toBeNull();
		// Recorded again for the new text: it matches.
		await put(leader, m4a);
		expect(((await (await get(leader)).json()) as { audio: NoticeVoiceInfo }).audio.matchesText).toBe(true);
		// The official text back: the recording was made for another text.
		await t.db.update(units).set({ noticeText: null }).where(eq(units.id, w.ward.id));
		expect(((await (await get(leader)).json()) as { audio: NoticeVoiceInfo }).audio.matchesText).toBe(false);
		expect((await t.db.select().from(wardNoticeAudio))[0]!.noticeText).toBe('Hệ thống iGate đang được nâng cấp, xin vui lòng chờ.');
		expect(DEFAULT_NOTICE_VI).not.toBe('Hệ thống iGate đang được nâng cấp, xin vui lòng chờ.');
	});
});

describe('what is refused, with a clear Vietnamese message and nothing saved', () => {
	it('a file that is not audio, whatever its declared type; a video; an empty body', async () => {
		const pdf = new TextEncoder().encode('%PDF-1.7\n1 0 obj <<>> endobj\n');
		const refused = await put(leader, pdf, w.ward.id, { 'content-type': 'audio/mpeg' });
		expect(refused.status).toBe(415);
		expect(await errorOf(refused)).toEqual({
			code: 'audio_type_refused',
			message: 'Tệp này không phải là âm thanh, nên không được nhận. Hãy chọn tệp ghi âm MP3, M4A, WAV, OGG hoặc WebM.'
		});
		expect((await errorOf(await put(leader, fixture('video.webm')))).code).toBe('audio_type_refused');
		const empty = await put(leader, new Uint8Array());
		expect(empty.status).toBe(422);
		expect((await errorOf(empty)).message).toBe('Bản ghi âm trống. Hãy ghi âm lại hoặc chọn một tệp âm thanh khác.');
		expect((await errorOf(await put(leader, webm.subarray(0, 80)))).code).toBe('audio_unreadable');
		expect(await t.db.select().from(wardNoticeAudio)).toEqual([]);
		expect(await audits()).toEqual([]);
	});

	it('over 2 MB (announced or not), and over 3 minutes', async () => {
		const big = new Uint8Array(2 * 1024 * 1024 + 1);
		big.set(webm);
		const announced = await put(leader, big);
		expect(announced.status).toBe(413);
		expect(announced.headers.get('connection')).toBe('close');
		expect(await errorOf(announced)).toEqual({ code: 'audio_too_large', message: 'Tệp âm thanh quá lớn: tối đa 2 MB.' });
		// A body that does not say its length is counted as it arrives.
		const chunked = await call(voiceRoute.PUT, leader, {
			method: 'PUT',
			path: `/api/units/${w.ward.id}/notice/audio`,
			params: { id: w.ward.id },
			body: new Blob([big]).stream(),
			headers: { 'content-type': 'audio/webm' }
		});
		expect(chunked.status).toBe(413);

		const long = await put(leader, wav(181));
		expect(long.status).toBe(422);
		expect(await errorOf(long)).toEqual({
			code: 'audio_too_long',
			message: 'Bản ghi âm dài 3:01, quá thời lượng tối đa 3 phút. Hãy đọc gọn hơn hoặc cắt bớt rồi thử lại.'
		});
		expect((await put(leader, wav(179))).status).toBe(201);
	});
});

describe('who may', () => {
	it('administrators of the ward and of its province, the leader and the deputy', async () => {
		for (const who of [admin, provinceAdmin, leader, deputy]) expect((await put(who, webm)).status).toBeLessThan(300);
	});

	it('not a desk officer or a plain team member (403), nor anyone signed out (401)', async () => {
		for (const who of [w.desks[0]!, w.responder]) {
			const refused = await put(who, webm);
			expect(refused.status).toBe(403);
			expect(await errorOf(refused)).toEqual({ code: 'forbidden', message: 'Bạn không có quyền thực hiện thao tác này.' });
			expect((await remove(who)).status).toBe(403);
			expect((await get(who)).status).toBe(403);
		}
		expect((await put(null, webm)).status).toBe(401);
		expect(await t.db.select().from(wardNoticeAudio)).toEqual([]);
	});

	it('not another ward’s leader or administrator: that ward is not found (404)', async () => {
		await put(leader, webm);
		const other = await makeWard(t.db, w.province.id);
		const otherLeader = await person(t.db, { role: 'ward_responder', unitId: other.id, isLeader: true });
		const otherAdmin = await person(t.db, { role: 'admin', unitId: other.id });
		for (const who of [otherLeader, otherAdmin]) {
			expect((await put(who, m4a)).status).toBe(404);
			expect((await remove(who)).status).toBe(404);
			expect((await get(who)).status).toBe(404);
			// Their own ward is theirs.
			expect((await put(who, m4a, other.id)).status).toBeLessThan(300);
		}
		expect(((await (await get(leader)).json()) as { audio: NoticeVoiceInfo }).audio.type).toBe('audio/webm');
		expect((await put(leader, m4a, 'not-a-uuid')).status).toBe(404);
	});

	it('the public answers only for an active ward', async () => {
		const { audio } = (await (await put(leader, webm)).json()) as { audio: NoticeVoiceInfo };
		await t.db.update(units).set({ active: false }).where(eq(units.id, w.ward.id));
		expect((await publicAudio(audio.url)).status).toBe(404);
		expect((await publicAudio(audio.url.replace(/[0-9a-f]{64}$/, 'x'))).status).toBe(404);
	});
});
