/** Finding a procedure on the checklist: its own module, so the page loads no schemas. */
import type { Procedure } from './procedure';
import { matchesQuery } from './text-fold';

/** Search by name or code, with or without diacritics ("dang ky khai sinh", "1.001193"). */
export function searchProcedures<T extends Pick<Procedure, 'name' | 'tthcCode'>>(items: T[], query: string): T[] {
	if (!query.trim()) return items;
	return items.filter((p) => matchesQuery(`${p.name} ${p.tthcCode ?? ''}`, query));
}
