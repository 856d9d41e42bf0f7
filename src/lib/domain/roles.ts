/** Roles and languages: the small closed sets every layer agrees on. */
import { z } from 'zod/mini';

export const ROLES = [
	'desk_officer',
	'ward_responder',
	'province_team',
	'vendor_team',
	'admin'
] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

export const UNIT_KINDS = ['province', 'ward', 'it_team'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const CONTACT_KINDS = ['phone', 'hotline', 'zalo_group', 'email'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const localeSchema = z.enum(LOCALES);

export function isLocale(value: unknown): value is Locale {
	return value === 'vi' || value === 'en';
}
