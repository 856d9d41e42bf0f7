import { z } from 'zod/mini';
import { plainText } from './text';

/**
 * The citizen notice of Step 3: an administrator's edit of a ward's notice. The display's
 * rules and the public facts it shows are in display.ts (re-exported here).
 */

export * from './display';

/** The fields `GET /api/public/wards/{slug}` answers with, and no others (a test holds it to this). */
export const PUBLIC_WARD_FIELDS = ['slug', 'name', 'serviceCenterName', 'address', 'openingHours', 'notice', 'status'] as const;

export const WARD_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Longer would not fit a 1080p screen at a size readable from five metres. */
export const NOTICE_MAX = 500;
export const WAIT_MAX = 200;

/**
 * An administrator's edit of a ward's notice. `text: null` restores the official wording;
 * an empty text is refused (a blank screen facing the public helps nobody).
 */
export const wardNoticeUpdateSchema = z.strictObject({
	text: z.nullable(plainText(NOTICE_MAX).check(z.trim(), z.minLength(1, 'notice_empty'))),
	estimatedWait: z.pipe(
		z.nullable(plainText(WAIT_MAX).check(z.trim())),
		z.transform((v) => (v ? v : null))
	)
});
export type WardNoticeUpdate = z.infer<typeof wardNoticeUpdateSchema>;
