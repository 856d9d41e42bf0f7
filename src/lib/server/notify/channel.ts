/**
 * One interface for every way an alert reaches a person (DESIGN.md §5): Web Push to
 * installed apps, e-mail, Zalo ZNS, an SMS gateway. Each channel is one small file behind
 * this interface; the delivery layer decides who gets what on which channel, records every
 * attempt, retries, and moves up the ladder when nobody reacts.
 */

export const CHANNELS = ['push', 'zns', 'sms', 'email'] as const;
export type ChannelName = (typeof CHANNELS)[number];

/** What to tell one person about one incident, for one reason. */
export interface Alert {
	incidentId: string;
	/** The routing reason (domain/routing.ts) or a lifecycle step for the reporter ("acknowledged"…). */
	reason: string;
	/** Vietnamese title, e.g. "[SỰ CỐ PHỨC TẠP] Phường Thái Hòa". */
	title: string;
	/** The Step-2 summary (domain/step2-text.ts). */
	body: string;
	/** Absolute link to the incident page. */
	url: string;
	/**
	 * Stable for this recipient and reason (the same across retries and restarts): the push
	 * Topic and notification tag, the e-mail Message-ID, the ZNS tracking_id. The receiving
	 * side collapses a repeat sent after a crash mid-delivery.
	 */
	key: string;
}

export interface PushSubscriptionKeys {
	endpoint: string;
	p256dh: string;
	auth: string;
}

export interface Recipient {
	userId: string;
	fullName: string;
	/** E.164 (+84…) or null. */
	phone: string | null;
	email: string | null;
	pushSubscriptions: PushSubscriptionKeys[];
}

export type SendResult =
	| {
			ok: true;
			detail?: string;
			/**
			 * Push endpoints found gone while another of the person's devices took the alert:
			 * the caller removes them too, or every later alert would try them again.
			 */
			gone?: string[];
	  }
	| {
			ok: false;
			/** Worth trying again later (network, 5xx, timeout); false: a person must fix something. */
			retry: boolean;
			/** Push endpoints the service says are gone (404/410): the caller removes them. */
			gone?: string[];
			/** Plain words for the delivery log (no secrets). */
			error: string;
	  };

export interface Channel {
	name: ChannelName;
	/** Configured on this server (ZNS and SMS are off until configured). */
	configured(): boolean;
	/** Whether this person can be reached on it at all (a phone number, a subscription…). */
	reaches(recipient: Recipient): boolean;
	send(alert: Alert, recipient: Recipient): Promise<SendResult>;
}
