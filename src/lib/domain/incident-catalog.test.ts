import { describe, it, expect } from 'vitest';
import {
	CATEGORY_IDS,
	INCIDENT_CATEGORIES,
	NETWORK_AND_PROVINCIAL_CATEGORY_IDS,
	categoryIdSchema,
	fieldsForCategory,
	getCategory
} from './incident-catalog';

describe('incident catalog', () => {
	it('has unique, stable snake_case ids', () => {
		expect(new Set(CATEGORY_IDS).size).toBe(INCIDENT_CATEGORIES.length);
		for (const id of CATEGORY_IDS) expect(id).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
	});

	it('gives every category labels and examples in both languages', () => {
		for (const c of INCIDENT_CATEGORIES) {
			expect(c.labelVi.trim(), c.id).not.toBe('');
			expect(c.labelEn.trim(), c.id).not.toBe('');
			expect(c.exampleVi.trim(), c.id).not.toBe('');
			expect(c.exampleEn.trim(), c.id).not.toBe('');
		}
	});

	it('writes Vietnamese in precomposed form so that search and comparison behave', () => {
		for (const c of INCIDENT_CATEGORIES) {
			expect(c.labelVi, c.id).toBe(c.labelVi.normalize('NFC'));
			expect(c.exampleVi, c.id).toBe(c.exampleVi.normalize('NFC'));
		}
	});

	it('parses a known id and refuses an unknown one', () => {
		expect(categoryIdSchema.parse('printer_paper')).toBe('printer_paper');
		expect(categoryIdSchema.safeParse('printer_on_fire').success).toBe(false);
		expect(categoryIdSchema.safeParse(42).success).toBe(false);
	});

	it('finds a category by id and answers undefined for an unknown string', () => {
		expect(getCategory('power_outage').labelVi).toBe('Mất điện');
		expect(getCategory('nope')).toBeUndefined();
	});

	it('classifies the procedure examples: paper and login simple, Internet and systems complex', () => {
		expect(getCategory('printer_paper').complexity).toBe('simple');
		expect(getCategory('account_password_forgotten').complexity).toBe('simple');
		expect(getCategory('other').complexity).toBe('simple');
		expect(getCategory('internet_section').complexity).toBe('complex');
		expect(getCategory('provincial_system').complexity).toBe('complex');
		expect(getCategory('population_db').complexity).toBe('complex');
	});

	it('groups shared outages but keeps per-desk faults apart', () => {
		expect(getCategory('internet_section').sharedFailure).toBe(true);
		expect(getCategory('power_outage').sharedFailure).toBe(true);
		expect(getCategory('provincial_system').sharedFailure).toBe(true);
		expect(getCategory('national_portal').sharedFailure).toBe(true);
		expect(getCategory('internet_desk').sharedFailure).toBe(false);
		expect(getCategory('printer_jam').sharedFailure).toBe(false);
		expect(getCategory('other').sharedFailure).toBe(false);
	});

	it('names the affected system officially where there is one', () => {
		expect(getCategory('provincial_system').affectedSystemVi).toContain(
			'Hệ thống thông tin giải quyết thủ tục hành chính cấp tỉnh'
		);
		expect(getCategory('population_db').affectedSystemVi).toBe('Cơ sở dữ liệu quốc gia về dân cư');
		expect(getCategory('printer_paper').affectedSystemVi).toBeUndefined();
	});

	it('routes networks and the provincial system, not printers or national systems, to the IT enterprise by default', () => {
		expect(NETWORK_AND_PROVINCIAL_CATEGORY_IDS).toEqual(
			expect.arrayContaining(['internet_desk', 'internet_section', 'provincial_system'])
		);
		expect(NETWORK_AND_PROVINCIAL_CATEGORY_IDS).not.toContain('printer_paper');
		expect(NETWORK_AND_PROVINCIAL_CATEGORY_IDS).not.toContain('population_db');
	});

	it('proposes the scope and impact a category usually has: the whole section stopped for its Internet, one desk slowed for its printer', () => {
		expect(getCategory('internet_section')).toMatchObject({ likelyScope: 'section', likelyImpact: 'stopped' });
		expect(getCategory('power_outage')).toMatchObject({ likelyScope: 'section', likelyImpact: 'stopped' });
		expect(getCategory('printer_jam')).toMatchObject({ likelyScope: 'desk', likelyImpact: 'slowed' });
		// Every shared failure hits the section at once.
		for (const c of INCIDENT_CATEGORIES) if (c.sharedFailure) expect(c.likelyScope, c.id).toBe('section');
	});

	it('lets the chosen category set scope and impact until the officer changes one herself', () => {
		const fresh = { scope: 'desk', impactLevel: 'slowed' } as const;
		expect(fieldsForCategory(fresh, undefined, 'internet_section')).toEqual({ scope: 'section', impactLevel: 'stopped' });
		// From one category to another: both follow.
		expect(fieldsForCategory({ scope: 'section', impactLevel: 'stopped' }, 'internet_section', 'printer_jam')).toEqual(fresh);
		// She chose "several desks" after the category proposed the section: a later category keeps it.
		expect(fieldsForCategory({ scope: 'several', impactLevel: 'stopped' }, 'internet_section', 'power_outage')).toEqual({
			scope: 'several',
			impactLevel: 'stopped'
		});
		// She said the printer stopped intake at her desk: switching to the toner keeps "stopped".
		expect(fieldsForCategory({ scope: 'desk', impactLevel: 'stopped' }, 'printer_jam', 'printer_toner')).toEqual({
			scope: 'desk',
			impactLevel: 'stopped'
		});
		expect(fieldsForCategory(fresh, undefined, 'no_such_category')).toEqual(fresh);
	});
});
