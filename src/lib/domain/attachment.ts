/**
 * Report attachments: screenshots, camera photos, short videos and documents. The same rules
 * run on the device when a file is attached and on the server when its bytes arrive; the
 * server trusts neither the name nor the declared type, only the first bytes.
 */
import { z } from 'zod/mini';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_NAME_MAX, ATTACHMENT_TYPE_LIST } from './attachment-types';
import { plainText } from './text';

// The device checks a file with these alone; the schemas are for the server's checks.
export * from './attachment-types';

export const sha256HexSchema = z.string().check(z.regex(/^[0-9a-f]{64}$/, 'sha256_invalid'));

export const attachmentMetaSchema = z.strictObject({
	name: plainText(ATTACHMENT_NAME_MAX).check(z.trim(), z.minLength(1, 'file_required')),
	type: z.enum(ATTACHMENT_TYPE_LIST, { error: 'attachment_type_refused' }),
	size: z.number().check(z.int(), z.gte(1, 'attachment_empty'), z.lte(ATTACHMENT_MAX_BYTES, 'attachment_too_large')),
	sha256: sha256HexSchema
});
export type AttachmentMeta = z.infer<typeof attachmentMetaSchema>;
