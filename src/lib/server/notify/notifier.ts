/**
 * The one interface between routing and the channels that reach people's devices. Routing
 * records each decision (who, why, when) on the incident and hands it here after the
 * commit; the delivery layer (push, e-mail, ZNS, SMS) plugs in with `setNotifier`. Until a
 * channel is configured, the inbox and the live updates are how people hear.
 */
/** Who must hear about an incident, and why: a routing decision, or news for its reporter. */
export interface AlertRequest {
	userId: string;
	/** A routing reason (domain/routing.ts) or the reporter's news: acknowledged, escalated_for_reporter, resolved. */
	reason: string;
}

export interface Notifier {
	notify(incidentId: string, requests: readonly AlertRequest[]): Promise<void>;
}

/** No channel yet: the decisions stay recorded in `incident_recipients` for the inbox. */
const inboxOnly: Notifier = { notify: async () => {} };

let current: Notifier = inboxOnly;

export function getNotifier(): Notifier {
	return current;
}

/** Replaces the notifier (the delivery layer at start; tests that watch the hand-off). */
export function setNotifier(notifier: Notifier | null): void {
	current = notifier ?? inboxOnly;
}
