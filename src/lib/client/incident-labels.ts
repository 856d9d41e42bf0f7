/** The words of incidents: states (DESIGN.md §10), actions, and each timeline event as a sentence. */
import type { IncidentStatus, TimelineEntry } from '$lib/domain/incident';
import type { Complexity } from '$lib/domain/incident-catalog';
import type { EventType } from '$lib/domain/lifecycle';
import type { Unreachable, UnreachableWhy } from '$lib/domain/notifications';
import type { Role } from '$lib/domain/roles';
import { formatDate, formatDateTime, formatTime } from '$lib/domain/datetime';
import { m } from '$lib/paraglide/messages';

export function incidentStatusLabel(status: IncidentStatus): string {
	switch (status) {
		case 'reported':
			return m.incident_status_reported();
		case 'acknowledged':
			return m.incident_status_acknowledged();
		case 'escalated':
			return m.incident_status_escalated();
		case 'resolved':
			return m.incident_status_resolved();
		case 'closed':
			return m.incident_status_closed();
		case 'withdrawn':
			return m.incident_status_withdrawn();
	}
}

export function complexityLabel(complexity: Complexity): string {
	return complexity === 'complex' ? m.incident_complex() : m.incident_simple();
}

/**
 * The button for an action; reclassify names where it goes, and escalation is worded for
 * who presses it (the province passes it on to the IT team; it does not report to itself).
 */
export function actionLabel(type: EventType, complexity: Complexity, role?: Role): string {
	switch (type) {
		case 'acknowledge':
			return m.incident_action_acknowledge();
		case 'escalate':
			return role === 'province_team' ? m.incident_action_escalate_vendor() : m.incident_action_escalate();
		case 'assign':
			return m.incident_action_assign();
		case 'comment':
			return m.incident_action_comment();
		case 'reclassify':
			return complexity === 'simple' ? m.incident_action_reclassify_complex() : m.incident_action_reclassify_simple();
		case 'resolve':
			return m.incident_action_resolve();
		case 'confirm':
			return m.incident_action_confirm();
		case 'reopen':
			return m.incident_action_reopen();
		case 'merge':
			return m.incident_action_merge();
		case 'withdraw':
			return m.incident_action_withdraw();
		case 'outage_times':
			return m.outage_add_times();
	}
}

/** How long a connection was lost, in the words a person would use. */
export function outageDuration(ms: number): string {
	const minutes = Math.round(ms / 60_000);
	return minutes < 1 ? m.outage_under_a_minute() : m.outage_minutes({ minutes });
}

const CHANNEL_WORDS: Record<string, () => string> = {
	push: m.notify_channel_push,
	zns: m.notify_channel_zns,
	sms: m.notify_channel_sms,
	email: m.notify_channel_email,
	none: m.notify_channel_none
};

/** An alert channel's name ('none': nothing could reach the person). */
export function channelLabel(channel: string): string {
	return CHANNEL_WORDS[channel]?.() ?? channel;
}

function whyText(channel: string, why: UnreachableWhy): string {
	switch (why) {
		case 'not_configured':
			return m.delivery_why_not_configured();
		case 'turned_off':
			return m.delivery_why_turned_off();
		case 'no_contact':
			return channel === 'push' ? m.delivery_why_no_device() : channel === 'email' ? m.delivery_why_no_email() : m.delivery_why_no_phone();
	}
}

/** Why nobody could be reached, channel by channel: "Tin nhắn SMS: chưa được cấu hình trên máy chủ; …". */
export function unreachableText(unreachable: Unreachable): string {
	const reasons = unreachable.map(({ channel, why }) =>
		m.delivery_unreachable_channel({ channel: channelLabel(channel), why: why.map((w) => whyText(channel, w)).join(', ') })
	);
	return m.delivery_unreachable({ reasons: reasons.join('; ') });
}

/** One line of the timeline; `names` resolves the ids routing recorded (who was told). */
export function timelineText(entry: TimelineEntry, names: (id: string) => string | undefined): string {
	const name = entry.actor?.fullName ?? m.incident_someone();
	const data = entry.data ?? {};
	switch (entry.type) {
		case 'reported':
			return m.incident_event_reported({ name });
		case 'report_grouped':
			return m.incident_event_report_grouped({ name });
		case 'routed': {
			if (data.noLeader) return m.incident_event_no_leader();
			const ids = Array.isArray(data.recipients) ? (data.recipients as string[]) : [];
			const told = ids.map((id) => names(id)).filter(Boolean);
			return told.length ? m.incident_event_routed({ names: told.join(', ') }) : m.incident_event_routed_nobody();
		}
		case 'acknowledge': {
			// The province or an IT team taking it up: say which.
			const unit = typeof data.unitId === 'string' ? names(data.unitId) : undefined;
			return unit ? m.incident_event_acknowledge_unit({ name, unit }) : m.incident_event_acknowledge({ name });
		}
		case 'escalate':
			return m.incident_event_escalate({ name });
		case 'auto_escalated':
			return m.incident_event_auto_escalated();
		case 'assign':
			return m.incident_event_assign({ name, assignee: names(String(data.assigneeId)) ?? m.incident_someone() });
		case 'comment':
			return m.incident_event_comment({ name });
		case 'reclassify':
			return m.incident_event_reclassify({ name, to: data.to === 'complex' ? m.incident_complex_lower() : m.incident_simple_lower() });
		case 'resolve':
			return m.incident_event_resolve({ name });
		case 'confirm':
			return m.incident_event_confirm({ name });
		case 'auto_closed':
			return m.incident_event_auto_closed();
		case 'reopen':
			return m.incident_event_reopen({ name });
		case 'merge':
			return m.incident_event_merge({ name });
		case 'withdraw':
			return m.incident_event_withdraw({ name });
		case 'outage_times': {
			const from = String(data.from);
			const to = String(data.to);
			// The end's date only when it is not the start's.
			const end = formatDate(from) === formatDate(to) ? formatTime(to) : formatDateTime(to);
			return m.incident_event_outage_times({ name, from: formatDateTime(from), to: end, duration: outageDuration(Date.parse(to) - Date.parse(from)) });
		}
		case 'alert_climbed': {
			const channel = channelLabel(String(data.to));
			const who = names(String(data.userId)) ?? m.incident_someone();
			// A channel that failed is not somebody failing to react: each says what happened.
			if (data.cause === 'failed') {
				const from = channelLabel(String(data.from));
				return m.incident_event_alert_failed({ name: who, channel, from });
			}
			return m.incident_event_alert_climbed({ name: who, channel });
		}
		case 'reminded':
			return data.who === 'leader' ? m.incident_event_reminded_leader() : m.incident_event_reminded_team();
		default:
			return m.incident_event_other({ type: entry.type });
	}
}
