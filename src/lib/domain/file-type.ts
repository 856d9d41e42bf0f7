/**
 * What a file really is, read from its first bytes, whatever its name says. A blank form
 * shown to the public must be a PDF, a Word document or a picture — never a renamed program.
 */
export const FORM_FILE_TYPES = {
	'application/pdf': 'PDF',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
	'image/png': 'PNG',
	'image/jpeg': 'JPEG'
} as const;
export type FormFileType = keyof typeof FORM_FILE_TYPES;

/** Blank forms are a few pages; a phone on 3G must be able to fetch them. */
export const FORM_FILE_MAX_BYTES = 5 * 1024 * 1024;

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);

export function sniffFormFileType(bytes: Uint8Array): FormFileType | null {
	if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	// DOCX is a ZIP holding "[Content_Types].xml" and "word/document.xml" (any other ZIP is refused).
	if (
		startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) &&
		containsAscii(bytes, '[Content_Types].xml') &&
		containsAscii(bytes, 'word/document.xml')
	) {
		return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
	}
	return null;
}

function containsAscii(bytes: Uint8Array, text: string): boolean {
	const codes = Array.from(text, (c) => c.charCodeAt(0));
	outer: for (let i = 0; i <= bytes.length - codes.length; i++) {
		for (let j = 0; j < codes.length; j++) if (bytes[i + j] !== codes[j]) continue outer;
		return true;
	}
	return false;
}

/** The file name's extension must agree with the content ("mau.pdf" holding a picture does not). */
export function extensionMatches(name: string, type: FormFileType): boolean {
	const ext = name.toLowerCase().split('.').pop() ?? '';
	const allowed: Record<FormFileType, string[]> = {
		'application/pdf': ['pdf'],
		'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
		'image/png': ['png'],
		'image/jpeg': ['jpg', 'jpeg']
	};
	return allowed[type].includes(ext);
}
