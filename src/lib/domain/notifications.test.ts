import { describe, expect, it } from 'vitest';
import { decodeUnreachable, encodeUnreachable, type Unreachable } from './notifications';

describe('why nobody could be reached', () => {
	it('is kept as short text and read back as it was', () => {
		const unreachable: Unreachable = [
			{ channel: 'push', why: ['no_contact'] },
			{ channel: 'sms', why: ['not_configured', 'no_contact'] },
			{ channel: 'email', why: ['turned_off'] }
		];
		const text = encodeUnreachable(unreachable);
		expect(text).toBe('push=no_contact;sms=not_configured+no_contact;email=turned_off');
		expect(decodeUnreachable(text)).toEqual(unreachable);
	});

	it('leaves any other text alone: an older record written as a sentence, an unknown channel or reason', () => {
		for (const text of [null, '', 'Không có kênh nào gửi được cho người này', 'fax=not_configured', 'sms=busy', 'sms=']) {
			expect(decodeUnreachable(text), String(text)).toBeNull();
		}
	});
});
