/**
 * Every field an error message names reads as words in both languages ("Mã sự cố không hợp
 * lệ", "The incident id is not valid"), never as the API's key ("The id “id” is not valid").
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { core } from 'zod/mini';
import * as account from '$lib/domain/account';
import * as admin from '$lib/domain/admin';
import { attachmentMetaSchema } from '$lib/domain/attachment';
import * as lifecycle from '$lib/domain/lifecycle';
import { wardNoticeUpdateSchema } from '$lib/domain/notice';
import * as notifications from '$lib/domain/notifications';
import { procedureInputSchema } from '$lib/domain/procedure';
import { reportSchema } from '$lib/domain/report';
import type { Locale } from '$lib/domain/roles';
import { errorResponse } from '$lib/server/http/api';
import { fieldLabel } from '$lib/server/http/field-labels';
import { m } from '$lib/paraglide/messages';

const message = async (locale: Locale, code: Parameters<typeof errorResponse>[2], params: Record<string, string>) =>
	((await errorResponse(locale, 400, code, params).json()) as { error: { message: string } }).error.message;

describe('field names in error messages', () => {
	it('names an id by what it identifies', async () => {
		expect(await message('en', 'invalid_id', { field: 'incidentId' })).toBe('The incident id is not valid (it must be a UUID).');
		expect(await message('vi', 'invalid_id', { field: 'incidentId' })).toBe('Mã sự cố không hợp lệ (phải là một UUID).');
		expect(await message('en', 'invalid_id', { field: 'attachmentId' })).toBe('The attachment id is not valid (it must be a UUID).');
		expect(await message('vi', 'invalid_id', { field: 'id' })).toBe('Mã thao tác không hợp lệ (phải là một UUID).');
	});

	it('opens the sentence with the field’s name, and names a list’s item by its place', async () => {
		expect(await message('vi', 'validation_failed', { field: 'description', detail: 'too_big' })).toBe('Mô tả quá dài.');
		expect(await message('en', 'validation_failed', { field: 'description', detail: 'too_big' })).toBe('The description is too long.');
		expect(await message('vi', 'validation_failed', { field: 'forms.1.name', detail: 'too_small' })).toBe(
			'Tên tờ khai thứ 2 đang để trống hoặc quá ngắn.'
		);
		expect(await message('en', 'validation_failed', { field: 'documents.0', detail: 'too_small' })).toBe('Document 1 is empty or too short.');
		expect(await message('en', 'validation_failed', { field: 'since', detail: 'invalid_value' })).toBe('The time to filter from is not valid.');
		expect(await message('vi', 'invalid_characters', { field: 'note' })).toBe('Ghi chú có ký tự không hợp lệ (ký tự điều khiển).');
		expect(await message('en', 'validation_failed', { field: '(body)', detail: 'invalid_type' })).toBe(
			'The request body is missing or has the wrong type.'
		);
	});

	/** Every key a request body of the API may hold (`#` for a list's position). */
	function keysOf(schema: core.$ZodType, prefix = '', out = new Set<string>()): Set<string> {
		const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
		const inner = (key: string) => keysOf(def[key] as core.$ZodType, prefix, out);
		switch (def.type) {
			case 'object':
				for (const [key, value] of Object.entries(def.shape as Record<string, core.$ZodType>)) {
					out.add(prefix + key);
					keysOf(value, `${prefix}${key}.`, out);
				}
				break;
			case 'array':
				out.add(`${prefix}0`);
				keysOf(def.element as core.$ZodType, `${prefix}0.`, out);
				break;
			case 'optional':
			case 'nullable':
			case 'default':
			case 'prefault':
			case 'readonly':
				inner('innerType');
				break;
			case 'pipe':
				inner('in');
				inner('out');
				break;
			case 'union':
				for (const option of def.options as core.$ZodType[]) keysOf(option, prefix, out);
				break;
		}
		return out;
	}

	/** Fields the server names by hand: `{ field: 'x' }` and the list filters' `invalid('x')`. */
	function namedInSource(): string[] {
		const files: string[] = [];
		const walk = (dir: string) => {
			for (const name of readdirSync(dir)) {
				const file = path.join(dir, name);
				if (statSync(file).isDirectory()) walk(file);
				else if (file.endsWith('.ts')) files.push(file);
			}
		};
		walk(path.resolve('src/lib/server'));
		walk(path.resolve('src/routes/api'));
		const names = new Set<string>();
		for (const file of files) {
			const text = readFileSync(file, 'utf8');
			for (const match of text.matchAll(/field: '([^']+)'|invalid\('([^']+)'\)|\['(\w+)', \w+\]/g)) names.add(match[1] ?? match[2] ?? match[3]!);
		}
		return [...names];
	}

	it('has a name in both languages for every field of every request and every field named by hand', () => {
		const schemas = [
			account.signInRequestSchema,
			account.updateSettingsSchema,
			account.changePasswordSchema,
			admin.createUnitSchema,
			admin.updateUnitSchema,
			admin.contactInputSchema,
			admin.leadershipSchema,
			admin.createUserSchema,
			admin.updateUserSchema,
			attachmentMetaSchema,
			lifecycle.incidentEventSchema,
			wardNoticeUpdateSchema,
			notifications.pushSubscriptionSchema,
			notifications.pushUnsubscribeSchema,
			notifications.channelPrefSchema,
			procedureInputSchema,
			reportSchema
		] as core.$ZodType[];
		const fields = new Set([...schemas.flatMap((s) => [...keysOf(s)]), ...namedInSource()]);
		expect(fields.size).toBeGreaterThan(60);
		const unnamed = [...fields].filter((field) =>
			(['vi', 'en'] as const).some((locale) => fieldLabel(field, locale) === m.api_field_name_unnamed({ field }, { locale }))
		);
		expect(unnamed).toEqual([]);
	});
});
