/**
 * Shapes of the account API (sign-in, the signed-in profile, own settings), shared by the
 * page and the server so both validate the same way.
 */
import { z } from 'zod';
import { phoneSchema } from './phone';
import { CONTACT_KINDS, localeSchema, roleSchema, UNIT_KINDS } from './roles';
import { plainText } from './text';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 200;

export const signInRequestSchema = z.strictObject({
	username: plainText(64).trim().min(1),
	password: plainText(PASSWORD_MAX).min(1)
});
export type SignInRequest = z.infer<typeof signInRequestSchema>;

export const updateSettingsSchema = z.strictObject({
	locale: localeSchema.optional(),
	// An empty string clears the field.
	phone: z.union([z.literal(''), phoneSchema]).optional(),
	email: z.union([z.literal(''), z.email().max(200)]).optional()
});
export type UpdateSettings = z.infer<typeof updateSettingsSchema>;

export const changePasswordSchema = z.strictObject({
	currentPassword: plainText(PASSWORD_MAX).min(1),
	newPassword: plainText(PASSWORD_MAX).min(PASSWORD_MIN)
});

export const unitSummarySchema = z.object({
	id: z.uuid(),
	kind: z.enum(UNIT_KINDS),
	name: z.string(),
	slug: z.string(),
	parentId: z.uuid().nullable(),
	serviceCenterName: z.string().nullable(),
	address: z.string().nullable(),
	openingHours: z.string().nullable(),
	categories: z.array(z.string()),
	active: z.boolean()
});
export type UnitSummary = z.infer<typeof unitSummarySchema>;

export const contactSchema = z.object({
	id: z.uuid(),
	kind: z.enum(CONTACT_KINDS),
	label: z.string(),
	value: z.string()
});
export type Contact = z.infer<typeof contactSchema>;

export const personSchema = z.object({
	id: z.uuid(),
	fullName: z.string(),
	role: roleSchema,
	isLeader: z.boolean(),
	isDeputy: z.boolean(),
	phone: z.string().nullable(),
	email: z.string().nullable()
});
export type Person = z.infer<typeof personSchema>;

/** One unit as a signed-in user may see it: its contacts and its people. */
export const unitDetailSchema = unitSummarySchema.extend({
	contacts: z.array(contactSchema),
	people: z.array(personSchema)
});
export type UnitDetail = z.infer<typeof unitDetailSchema>;

/** The signed-in user as `/api/me` returns it and the device keeps it for offline use. */
export const profileSchema = z.object({
	id: z.uuid(),
	username: z.string(),
	fullName: z.string(),
	role: roleSchema,
	isLeader: z.boolean(),
	isDeputy: z.boolean(),
	phone: z.string().nullable(),
	email: z.string().nullable(),
	locale: localeSchema,
	mustChangePassword: z.boolean(),
	unit: unitSummarySchema.nullable()
});
export type Profile = z.infer<typeof profileSchema>;
