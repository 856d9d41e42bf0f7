/**
 * The words of an alert: a Vietnamese title saying why this person is told, and the Step-2
 * summary of the incident (the same text as the Zalo share), with a link to its page.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { formatStep2Text } from '$lib/domain/step2-text';
import type { Database } from '../db';
import { incidentReports, incidents, units, users } from '../db/schema';
import type { Alert } from './channel';

const WHY: Record<string, string> = {
	reported: 'Sự cố mới',
	reported_complex: 'Sự cố phức tạp — cần Tổ trưởng xử lý ngay',
	no_leader: 'Sự cố phức tạp — phường chưa có Tổ trưởng',
	escalated: 'Sự cố được chuyển lên tỉnh và doanh nghiệp CNTT',
	reminder_team: 'Nhắc lại: sự cố chưa ai tiếp nhận',
	reminder_leader: 'Nhắc Tổ trưởng: sự cố chưa ai tiếp nhận',
	acknowledged: 'Báo cáo của bạn đã được tiếp nhận',
	escalated_for_reporter: 'Sự cố bạn báo đã được chuyển lên Tổ Công tác tỉnh',
	resolved: 'Sự cố bạn báo đã được khắc phục — hãy xác nhận',
	test: 'Thông báo thử'
};

/**
 * A reporter's news carries the incident's version after `#` ("resolved#7"): resolved
 * again after a reopen is news again, while the same event sent twice is still one alert.
 */
export const NEWS_OCCURRENCE = '#';
export const reasonKind = (reason: string): string => reason.split(NEWS_OCCURRENCE)[0]!;

/** Stable for one person and reason: the same on every retry, in every process, after a restart. */
export function alertKey(incidentId: string | null, reason: string, userId: string): string {
	return `ucmc-${createHash('sha256').update(`${incidentId ?? 'test'}|${reason}|${userId}`).digest('hex').slice(0, 32)}`;
}

export async function incidentAlert(db: Database, incidentId: string, reason: string, userId: string, origin: string): Promise<Alert | null> {
	const [row] = await db
		.select({ incident: incidents, wardName: units.name })
		.from(incidents)
		.innerJoin(units, eq(units.id, incidents.wardId))
		.where(eq(incidents.id, incidentId))
		.limit(1);
	if (!row) return null;
	const { incident } = row;
	const [reporter] = await db
		.select({ fullName: users.fullName })
		.from(incidentReports)
		.innerJoin(users, eq(users.id, incidentReports.reporterId))
		.where(eq(incidentReports.id, incident.id))
		.limit(1);
	const url = `${origin}/su-co/${incident.id}`;
	const body = formatStep2Text(
		{
			category: incident.category,
			complexity: incident.complexity,
			wardName: row.wardName,
			description: incident.description,
			affectedSystem: incident.affectedSystem ?? undefined,
			errorMessage: incident.errorMessage ?? undefined,
			scope: incident.scope,
			startedAt: incident.startedAt.toISOString(),
			impactLevel: incident.impactLevel,
			impact: incident.impact ?? undefined,
			reporterName: reporter?.fullName ?? '',
			link: url
		},
		new Date()
	);
	return {
		incidentId,
		reason,
		title: `${WHY[reasonKind(reason)] ?? WHY.reported} · ${row.wardName}`,
		body,
		url,
		key: alertKey(incidentId, reason, userId)
	};
}

/** "Gửi thử" from /cai-dat: proves each channel reaches this person. */
export function testAlert(userId: string, origin: string, at: Date): Alert {
	return {
		incidentId: '',
		reason: 'test',
		title: `${WHY.test} — Ứng Cứu Một Cửa`,
		body: 'Đây là thông báo thử. Nếu bạn đọc được dòng này, kênh này đã sẵn sàng báo sự cố cho bạn.',
		url: `${origin}/cai-dat`,
		// A new key per test: each "Gửi thử" is a new message, not a repeat.
		key: alertKey(null, `test-${at.getTime()}`, userId)
	};
}
