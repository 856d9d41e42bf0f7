/**
 * Words for a report's own fields, in the current language: what the report form needs, in a
 * module of its own so the form loads no other labels (labels.ts re-exports these).
 */
import { getCategory, type CategoryGroup } from '$lib/domain/incident-catalog';
import type { ImpactLevel, ReportScope } from '$lib/domain/report';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

export function categoryLabel(id: string): string {
	const category = getCategory(id);
	if (!category) return id;
	return getLocale() === 'en' ? category.labelEn : category.labelVi;
}

export function categoryExample(id: string): string {
	const category = getCategory(id);
	if (!category) return '';
	return getLocale() === 'en' ? category.exampleEn : category.exampleVi;
}

export function scopeLabel(scope: ReportScope): string {
	switch (scope) {
		case 'desk':
			return m.report_scope_desk();
		case 'several':
			return m.report_scope_several();
		case 'section':
			return m.report_scope_section();
	}
}

export function impactLevelLabel(level: ImpactLevel): string {
	switch (level) {
		case 'none':
			return m.report_impact_none();
		case 'slowed':
			return m.report_impact_slowed();
		case 'stopped':
			return m.report_impact_stopped();
	}
}

export function categoryGroupLabel(group: CategoryGroup): string {
	switch (group) {
		case 'equipment':
			return m.category_group_equipment();
		case 'account':
			return m.category_group_account();
		case 'network':
			return m.category_group_network();
		case 'provincial_system':
			return m.category_group_provincial_system();
		case 'national_system':
			return m.category_group_national_system();
		case 'signing':
			return m.category_group_signing();
		case 'power':
			return m.category_group_power();
		case 'security':
			return m.category_group_security();
		case 'other':
			return m.category_group_other();
	}
}
