/**
 * The state of one section of a unit's page that edits the unit (details, timers): what it
 * was loaded from, what the user typed, and the save's outcome. Every section edits against
 * the same unit version, and a fresher copy of the unit (another section's save, or "Tải
 * lại" after another administrator's) is folded in without losing what was typed.
 */
import type { AdminUnit, UpdateUnit } from '$lib/domain/admin';
import { m } from '$lib/paraglide/messages';
import { changedKeys, failure, mergeEdits, unitsApi, type FormValues } from './admin-units';

export class UnitEdit<V extends FormValues> {
	/** What the form was loaded from: the base for "what did the user change". */
	base: V = $state() as V;
	form: V = $state() as V;
	/** What the user had typed in a field someone else changed meanwhile, offered back. */
	mine: Partial<V> = $state({});
	errors: Partial<Record<string, string>> = $state({});
	conflict: string | null = $state(null);
	notice: string | null = $state(null);
	/** After "Tải lại": what happened to the user's edits (a hint, not a success). */
	reloadNote: string | null = $state(null);
	saving = $state(false);

	constructor(
		private readonly valuesOf: (unit: AdminUnit) => V,
		unit: AdminUnit
	) {
		this.base = valuesOf(unit);
		this.form = valuesOf(unit);
	}

	/** A fresher copy of the unit, folded in never over what the user typed. */
	absorb(unit: AdminUnit): void {
		const next = this.valuesOf(unit);
		const merged = mergeEdits(this.base, $state.snapshot(this.form) as V, next);
		this.form = merged.form;
		this.mine = { ...this.mine, ...merged.mine };
		this.base = next;
	}

	/** Puts back what the user had typed in `key`. */
	use(key: keyof V): void {
		const value = this.mine[key];
		if (value !== undefined) this.form[key] = value as V[keyof V];
		const rest = { ...this.mine };
		delete rest[key];
		this.mine = rest;
	}

	/** Clears the last outcome before a new attempt. */
	begin(): void {
		this.errors = {};
		this.notice = this.reloadNote = this.conflict = null;
	}

	changed(): (keyof V)[] {
		return changedKeys(this.base, this.form);
	}

	/** Saves; a refusal lands next to one of `fields`, at the form's top, or as a conflict. */
	async send(unit: AdminUnit, patch: UpdateUnit, fields: readonly string[], onsaved: (unit: AdminUnit) => void): Promise<void> {
		this.saving = true;
		const result = await unitsApi.update(unit.id, patch);
		this.saving = false;
		if (result.ok) {
			this.base = this.valuesOf(result.data);
			this.form = this.valuesOf(result.data);
			this.mine = {};
			this.notice = m.admin_units_saved();
			onsaved(result.data);
			return;
		}
		const problem = failure(result, fields);
		if (problem.conflict) this.conflict = problem.message;
		else this.errors = { [problem.field ?? 'form']: problem.message };
	}

	/** After "Tải lại" (the page reloads the unit, which arrives through `absorb`). */
	reloaded(problem: string | null): void {
		if (problem) {
			this.errors = { form: problem };
			return;
		}
		this.conflict = null;
		this.reloadNote = Object.keys(this.mine).length > 0 ? m.admin_units_reloaded_changed() : m.admin_units_reloaded();
	}
}
