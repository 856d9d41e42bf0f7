import { describe, expect, it } from 'vitest';
import {
	ATTACHMENT_MAX_BYTES,
	ATTACHMENT_TYPE_LIST,
	SNIFF_BYTES,
	attachmentKind,
	attachmentMetaSchema,
	checkAttachmentType,
	sniffAttachmentType,
	type AttachmentType
} from './attachment';

const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

/** The first SNIFF_BYTES of a file starting with `start`, padded as a real file would be. */
function head(start: number[]): Uint8Array {
	const bytes = new Uint8Array(SNIFF_BYTES).fill(0x41);
	bytes.set(start.slice(0, SNIFF_BYTES));
	return bytes;
}

const HEADS: Record<AttachmentType, Uint8Array> = {
	'image/png': head([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, ...ascii('IHDR')]),
	'image/jpeg': head([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...ascii('JFIF')]),
	'image/webp': head([...ascii('RIFF'), 0x24, 0x10, 0, 0, ...ascii('WEBPVP8 ')]),
	'image/gif': head(ascii('GIF89a')),
	'video/webm': head([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81]),
	'video/mp4': head([0, 0, 0, 0x20, ...ascii('ftypisom'), 0, 0, 2, 0]),
	'application/pdf': head(ascii('%PDF-1.7\n%âãÏÓ'))
};

/** A Windows program: "MZ", then the DOS stub. */
const WINDOWS_EXE = head([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]);

describe('sniffAttachmentType', () => {
	it.each(Object.entries(HEADS))('reads %s from its first bytes', (type, bytes) => {
		expect(sniffAttachmentType(bytes)).toBe(type);
	});

	it('has a signature for every accepted type', () => {
		expect(Object.keys(HEADS).sort()).toEqual([...ATTACHMENT_TYPE_LIST].sort());
	});

	it('knows nothing else: programs, archives, other RIFF files, text, nothing at all', () => {
		expect(sniffAttachmentType(WINDOWS_EXE)).toBeNull();
		expect(sniffAttachmentType(head([0x7f, ...ascii('ELF')]))).toBeNull();
		expect(sniffAttachmentType(head([0x50, 0x4b, 0x03, 0x04]))).toBeNull(); // ZIP / DOCX
		expect(sniffAttachmentType(head([...ascii('RIFF'), 0x24, 0x10, 0, 0, ...ascii('WAVEfmt ')]))).toBeNull();
		expect(sniffAttachmentType(head(ascii('<svg xmlns="http')))).toBeNull();
		expect(sniffAttachmentType(new Uint8Array(0))).toBeNull();
	});

	it('needs the whole signature, not a prefix of it', () => {
		expect(sniffAttachmentType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a]))).toBeNull();
		expect(sniffAttachmentType(new Uint8Array(ascii('RIFF\0\0\0\0WEB')))).toBeNull();
	});
});

describe('checkAttachmentType', () => {
	it('refuses a Windows program named like a picture', () => {
		expect(checkAttachmentType('loi.png', 'image/png', WINDOWS_EXE)).toEqual({ ok: false });
		expect(checkAttachmentType('loi.png', 'application/x-msdownload', WINDOWS_EXE)).toEqual({ ok: false });
	});

	it('refuses a PNG whose name says JPEG', () => {
		expect(checkAttachmentType('x.jpg', 'image/png', HEADS['image/png'])).toEqual({ ok: false });
	});

	it('refuses a PNG declared as a JPEG', () => {
		expect(checkAttachmentType('x.png', 'image/jpeg', HEADS['image/png'])).toEqual({ ok: false });
		expect(checkAttachmentType('x', 'image/jpeg', HEADS['image/png'])).toEqual({ ok: false });
	});

	it('refuses a real picture given a program\'s name', () => {
		for (const name of ['anh.exe', 'anh.png.exe', 'anh.SCR', 'cai-dat.msi', 'chay.bat', 'x.ps1', 'app.apk']) {
			expect(checkAttachmentType(name, 'image/png', HEADS['image/png']), name).toEqual({ ok: false });
		}
	});

	it('refuses a declared type with parameters: only the exact type is compared', () => {
		expect(checkAttachmentType('quay.webm', 'video/webm;codecs=vp8', HEADS['video/webm'])).toEqual({ ok: false });
	});

	it.each([
		['anh-chup-man-hinh-0915.png', 'image/png'],
		['ANH.JPG', 'image/jpeg'],
		['anh.jpeg', 'image/jpeg'],
		['anh.webp', 'image/webp'],
		['dong.gif', 'image/gif'],
		['quay-man-hinh.webm', 'video/webm'],
		['video.mp4', 'video/mp4'],
		['IMG_0001.MOV', 'video/mp4'],
		['bien-ban.pdf', 'application/pdf'],
		['Báo cáo sự cố.v2.pdf', 'application/pdf']
	] as const)('accepts %s as %s', (name, type) => {
		expect(checkAttachmentType(name, type, HEADS[type])).toEqual({ ok: true, type });
	});

	it('accepts a name without an extension, or with one it has no opinion on', () => {
		expect(checkAttachmentType('image', 'image/png', HEADS['image/png'])).toEqual({ ok: true, type: 'image/png' });
		expect(checkAttachmentType('.png', 'image/png', HEADS['image/png'])).toEqual({ ok: true, type: 'image/png' });
		expect(checkAttachmentType('anh.tmp', 'image/png', HEADS['image/png'])).toEqual({ ok: true, type: 'image/png' });
	});
});

describe('attachmentMetaSchema', () => {
	const meta = { name: 'anh.png', type: 'image/png', size: 1234, sha256: 'a'.repeat(64) };
	const codes = (value: unknown) => attachmentMetaSchema.safeParse(value).error?.issues.map((i) => i.message) ?? [];

	it('accepts a proper description of a file', () => {
		expect(codes(meta)).toEqual([]);
		expect(codes({ ...meta, size: ATTACHMENT_MAX_BYTES })).toEqual([]);
	});

	it('refuses each wrong field with its own code', () => {
		expect(codes({ ...meta, name: '  ' })).toEqual(['file_required']);
		expect(codes({ ...meta, type: 'application/x-msdownload' })).toEqual(['attachment_type_refused']);
		expect(codes({ ...meta, size: 0 })).toEqual(['attachment_empty']);
		expect(codes({ ...meta, size: ATTACHMENT_MAX_BYTES + 1 })).toEqual(['attachment_too_large']);
		expect(codes({ ...meta, sha256: 'A'.repeat(64) })).toEqual(['sha256_invalid']);
		expect(codes({ ...meta, sha256: 'a'.repeat(63) })).toEqual(['sha256_invalid']);
		expect(codes({ ...meta, name: 'anh\u0000.png' })).toEqual(['invalid_characters']);
	});
});

describe('attachmentKind', () => {
	it('groups types into images, videos and documents', () => {
		expect(attachmentKind('image/webp')).toBe('image');
		expect(attachmentKind('video/mp4')).toBe('video');
		expect(attachmentKind('application/pdf')).toBe('document');
		expect(attachmentKind('application/zip')).toBeNull();
	});
});
