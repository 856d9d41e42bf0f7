/**
 * The notice display's rules and the public facts it shows: no schema library here, so the
 * display's own small script (src/lib/display) carries none of it.
 */

/** The official wording of the procedure (BRIEF.md, Step 3), verbatim: the default. */
export const DEFAULT_NOTICE_VI =
	'Kính thưa các bác, các anh chị, hệ thống của chúng tôi đang gặp sự cố kỹ thuật tạm thời. ' +
	'Các cán bộ kỹ thuật đang khẩn trương khắc phục để hệ thống sớm hoạt động trở lại. ' +
	'Rất mong các bác, các anh chị vui lòng chờ thêm ít phút và thông cảm cho sự bất tiện này. ' +
	'Xin chân thành cảm ơn!';

/** One short line for foreign visitors, under the Vietnamese text. */
export const NOTICE_EN =
	'Our system has a temporary technical problem. Our staff are fixing it now. Thank you for your patience.';

export type DisplayMode = 'idle' | 'notice';

/**
 * What switches the display. It shows the notice when its own device is offline or when a
 * desk officer on the same PC asked for it; the officer's "end" also dismisses a notice the
 * network caused (the officer knows the room), until the network changes again.
 */
export interface DisplayState {
	offline: boolean;
	officerAsked: boolean;
	offlineDismissed: boolean;
	/** The ward's public status says intake is stopped (a display on its own device learns it so). */
	wardProblem: boolean;
	wardProblemDismissed: boolean;
}

export type DisplayEvent =
	| { type: 'went_offline' }
	| { type: 'came_online' }
	| { type: 'officer_show' }
	| { type: 'officer_end' }
	| { type: 'ward_status'; problem: boolean };

export const INITIAL_DISPLAY: DisplayState = {
	offline: false,
	officerAsked: false,
	offlineDismissed: false,
	wardProblem: false,
	wardProblemDismissed: false
};

export function nextDisplayState(state: DisplayState, event: DisplayEvent): DisplayState {
	switch (event.type) {
		case 'went_offline':
			return { ...state, offline: true, offlineDismissed: false };
		case 'came_online':
			return { ...state, offline: false, offlineDismissed: false };
		case 'officer_show':
			return { ...state, officerAsked: true };
		case 'officer_end':
			// The officer knows the room: "end" also dismisses what the network or the ward's
			// status switched on, until that changes again.
			return { ...state, officerAsked: false, offlineDismissed: state.offline, wardProblemDismissed: state.wardProblem };
		case 'ward_status':
			if (event.problem === state.wardProblem) return state;
			return { ...state, wardProblem: event.problem, wardProblemDismissed: false };
	}
}

export function displayMode(state: DisplayState): DisplayMode {
	const byNetwork = state.offline && !state.offlineDismissed;
	const byWard = state.wardProblem && !state.wardProblemDismissed;
	return state.officerAsked || byNetwork || byWard ? 'notice' : 'idle';
}

/** The few fields of a voice that matter here (a `SpeechSynthesisVoice`). */
export interface VoiceInfo {
	lang: string;
	name: string;
	localService: boolean;
}

/**
 * A Vietnamese voice, or none: reading Vietnamese with a foreign voice is worse than not
 * reading. Prefers vi-VN, then a voice on the device (works offline) over a network one.
 */
export function chooseVietnameseVoice<V extends VoiceInfo>(voices: readonly V[]): V | null {
	const vietnamese = voices.filter((v) => /^vi([-_]|$)/i.test(v.lang));
	const rank = (v: V) => (/^vi[-_]VN$/i.test(v.lang) ? 0 : 2) + (v.localService ? 0 : 1);
	return [...vietnamese].sort((a, b) => rank(a) - rank(b))[0] ?? null;
}

/** How often the notice may be read again, in minutes (0: once). */
export const REPEAT_CHOICES = [0, 3, 5, 10] as const;

/** What the public may know of a ward: enough for the display and a citizen's phone. */
export interface PublicWard {
	slug: string;
	name: string;
	serviceCenterName: string | null;
	address: string | null;
	openingHours: string | null;
	/** `audio`: the notice in a human voice, when the ward has one (notice-voice.ts). */
	notice: { text: string; isDefault: boolean; estimatedWait: string | null; audio: PublicNoticeAudio | null };
	/**
	 * Whether intake is stopped by an incident, and since when (the earliest start of the
	 * open incidents that stopped it) — nothing else about them: no description, no names.
	 */
	status: PublicStatus;
}

/** A recorded notice: its address changes with its bytes, so a device may keep it for good. */
export interface PublicNoticeAudio {
	url: string;
	type: string;
	durationSeconds: number;
}

export type PublicStatus = { state: 'normal' } | { state: 'problem'; since: string };

export type PublicWardSummary = Pick<PublicWard, 'slug' | 'name' | 'serviceCenterName'>;
