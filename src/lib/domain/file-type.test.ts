import { describe, expect, it } from 'vitest';
import { extensionMatches, sniffFormFileType } from './file-type';

const bytes = (...parts: (number[] | string)[]) =>
	new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? Array.from(p, (c) => c.charCodeAt(0)) : p)));

describe('telling a file by its content', () => {
	it('knows PDF, PNG, JPEG and Word (DOCX) documents', () => {
		expect(sniffFormFileType(bytes('%PDF-1.7\n'))).toBe('application/pdf');
		expect(sniffFormFileType(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toBe('image/png');
		expect(sniffFormFileType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
		expect(sniffFormFileType(bytes([0x50, 0x4b, 0x03, 0x04], '[Content_Types].xml....word/document.xml'))).toBe(
			'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
		);
	});

	it('refuses a renamed program, a plain ZIP, text, and nothing at all', () => {
		expect(sniffFormFileType(bytes('MZ\x90\x00'))).toBeNull();
		expect(sniffFormFileType(bytes([0x50, 0x4b, 0x03, 0x04], 'xl/workbook.xml'))).toBeNull();
		expect(sniffFormFileType(bytes([0x50, 0x4b, 0x03, 0x04], 'word/evil.js'))).toBeNull();
		expect(sniffFormFileType(bytes('<html><script>'))).toBeNull();
		expect(sniffFormFileType(new Uint8Array())).toBeNull();
	});

	it('requires the extension to agree with the content', () => {
		expect(extensionMatches('To khai CT01.PDF', 'application/pdf')).toBe(true);
		expect(extensionMatches('anh.jpeg', 'image/jpeg')).toBe(true);
		expect(extensionMatches('mau.pdf', 'image/png')).toBe(false);
		expect(extensionMatches('khongco', 'application/pdf')).toBe(false);
	});
});
