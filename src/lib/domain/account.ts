/**
 * Shapes of the account API (sign-in, the signed-in profile, own settings), shared by the
 * page and the server so both validate the same way.
 */
import { z } from 'zod/mini';
import { phoneSchema } from './phone';
import { CONTACT_KINDS, localeSchema, roleSchema, UNIT_KINDS } from './roles';
import { plainText } from './text';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 200;

export const signInRequestSchema = z.strictObject({
	username: plainText(64).check(z.trim(), z.minLength(1)),
	password: plainText(PASSWORD_MAX).check(z.minLength(1))
});
export type SignInRequest = z.infer<typeof signInRequestSchema>;

export const updateSettingsSchema = z.strictObject({
	locale: z.optional(localeSchema),
	// An empty string clears the field.
	phone: z.optional(z.union([z.literal(''), phoneSchema])),
	email: z.optional(z.union([z.literal(''), z.email().check(z.maxLength(200))]))
});
export type UpdateSettings = z.infer<typeof updateSettingsSchema>;

export const changePasswordSchema = z.strictObject({
	currentPassword: plainText(PASSWORD_MAX).check(z.minLength(1)),
	newPassword: plainText(PASSWORD_MAX).check(z.minLength(PASSWORD_MIN))
});

export const unitSummarySchema = z.object({
	id: z.uuid(),
	kind: z.enum(UNIT_KINDS),
	name: z.string(),
	slug: z.string(),
	parentId: z.nullable(z.uuid()),
	serviceCenterName: z.nullable(z.string()),
	address: z.nullable(z.string()),
	openingHours: z.nullable(z.string()),
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
	phone: z.nullable(z.string()),
	email: z.nullable(z.string())
});
export type Person = z.infer<typeof personSchema>;

/** One unit as a signed-in user may see it: its contacts and its people. */
export const unitDetailSchema = z.extend(unitSummarySchema, {
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
	phone: z.nullable(z.string()),
	email: z.nullable(z.string()),
	locale: localeSchema,
	mustChangePassword: z.boolean(),
	unit: z.nullable(unitSummarySchema)
});
export type Profile = z.infer<typeof profileSchema>;
