import { describe, expect, it } from 'vitest';
import {
	chooseVietnameseVoice,
	DEFAULT_NOTICE_VI,
	displayMode,
	INITIAL_DISPLAY,
	nextDisplayState,
	type DisplayEvent,
	type DisplayState
} from './notice';

type Step = Exclude<DisplayEvent['type'], 'ward_status'> | 'ward_problem' | 'ward_normal';
const event = (step: Step): DisplayEvent =>
	step === 'ward_problem'
		? { type: 'ward_status', problem: true }
		: step === 'ward_normal'
			? { type: 'ward_status', problem: false }
			: { type: step };
const run = (...steps: Step[]): DisplayState => steps.reduce((s, step) => nextDisplayState(s, event(step)), INITIAL_DISPLAY);

describe('the display switching rules', () => {
	it('is idle at first', () => {
		expect(displayMode(INITIAL_DISPLAY)).toBe('idle');
	});

	it('shows the notice by itself when its device goes offline, and is idle again when the network returns', () => {
		expect(displayMode(run('went_offline'))).toBe('notice');
		expect(displayMode(run('went_offline', 'came_online'))).toBe('idle');
	});

	it('shows the notice when an officer asks, and ends it when the officer ends it', () => {
		expect(displayMode(run('officer_show'))).toBe('notice');
		expect(displayMode(run('officer_show', 'officer_end'))).toBe('idle');
	});

	it('keeps an officer’s notice when the network returns', () => {
		expect(displayMode(run('officer_show', 'went_offline', 'came_online'))).toBe('notice');
	});

	it('lets the officer end a notice the network caused, until the network changes again', () => {
		expect(displayMode(run('went_offline', 'officer_end'))).toBe('idle');
		expect(displayMode(run('went_offline', 'officer_end', 'came_online', 'went_offline'))).toBe('notice');
	});
});

describe('following the ward’s public status (a display on its own device)', () => {
	it('shows the notice while an incident stops intake, and is idle again once it is resolved', () => {
		expect(displayMode(run('ward_problem'))).toBe('notice');
		expect(displayMode(run('ward_problem', 'ward_normal'))).toBe('idle');
		// The same answer polled again changes nothing.
		expect(run('ward_problem', 'ward_problem')).toEqual(run('ward_problem'));
	});

	it('lets the officer end it until the status changes again', () => {
		expect(displayMode(run('ward_problem', 'officer_end'))).toBe('idle');
		expect(displayMode(run('ward_problem', 'officer_end', 'ward_problem'))).toBe('idle');
		expect(displayMode(run('ward_problem', 'officer_end', 'ward_normal', 'ward_problem'))).toBe('notice');
	});

	it('leaves the offline and officer paths in charge: a normal status ends neither', () => {
		expect(displayMode(run('went_offline', 'ward_normal'))).toBe('notice');
		expect(displayMode(run('officer_show', 'ward_problem', 'ward_normal'))).toBe('notice');
	});
});

describe('choosing a voice to read the notice', () => {
	const voice = (lang: string, name: string, localService = true) => ({ lang, name, localService });

	it('takes a Vietnamese voice, preferring vi-VN on the device', () => {
		const voices = [voice('en-US', 'English'), voice('vi', 'Generic Vi'), voice('vi-VN', 'Online Vi', false), voice('vi-VN', 'Linh')];
		expect(chooseVietnameseVoice(voices)?.name).toBe('Linh');
	});

	it('accepts an underscore tag (some Android voices)', () => {
		expect(chooseVietnameseVoice([voice('vi_VN', 'An')])?.name).toBe('An');
	});

	it('returns none rather than a foreign voice', () => {
		expect(chooseVietnameseVoice([voice('en-US', 'Samantha'), voice('fr-FR', 'Amélie'), voice('vie', 'x')])).toBeNull();
		expect(chooseVietnameseVoice([])).toBeNull();
	});
});

describe('the official notice', () => {
	it('is the Step-3 wording, verbatim', () => {
		expect(DEFAULT_NOTICE_VI).toBe(
			'Kính thưa các bác, các anh chị, hệ thống của chúng tôi đang gặp sự cố kỹ thuật tạm thời. Các cán bộ kỹ thuật đang khẩn trương khắc phục để hệ thống sớm hoạt động trở lại. Rất mong các bác, các anh chị vui lòng chờ thêm ít phút và thông cảm cho sự bất tiện này. Xin chân thành cảm ơn!'
		);
	});
});
