/**
 * The body of an action on an incident (`POST /api/incidents/{id}/events`), checked on the
 * server. The lifecycle's rules — who may do what, from which state — are in
 * lifecycle-rules.ts, re-exported here; pages import them from there and load no zod.
 */
import { z } from 'zod/mini';
import { COMPLEXITIES } from './incident-catalog';
import { EVENT_TYPES, NOTE_MAX, type EventType } from './lifecycle-rules';
import { optionalText } from './text';

export * from './lifecycle-rules';

/** Events whose note is the point of them: what was said, what was done, why it reopens. */
const NOTE_REQUIRED: ReadonlySet<EventType> = new Set(['comment', 'resolve', 'reopen']);

const eventFields = z.strictObject({
	/** Made on the device: an outbox replay of the same action is recognised by it. */
	id: z.optional(z.uuid({ error: 'invalid_id' })),
	type: z.enum(EVENT_TYPES, { error: 'invalid_value' }),
	note: optionalText(NOTE_MAX),
	/** The incident's version the actor saw; a stale one is refused (409). */
	version: z.optional(z.number({ error: 'invalid_value' }).check(z.int(), z.positive())),
	/** assign: the team member who takes it. */
	assigneeId: z.optional(z.uuid({ error: 'invalid_id' })),
	/** reclassify: the new complexity. */
	complexity: z.optional(z.enum(COMPLEXITIES)),
	/** merge: the incident this one duplicates (it survives; this one's reports move to it). */
	targetId: z.optional(z.uuid({ error: 'invalid_id' })),
	/** outage_times: when this device lost and regained the connection (its own clock). */
	from: z.optional(z.iso.datetime({ offset: true, error: 'invalid_time' })),
	to: z.optional(z.iso.datetime({ offset: true, error: 'invalid_time' }))
});

export const incidentEventSchema = eventFields.check(
	z.superRefine((event: z.output<typeof eventFields>, ctx) => {
		const missing = (path: string, message = 'required') => ctx.addIssue({ code: 'custom', path: [path], message });
		if (NOTE_REQUIRED.has(event.type) && !event.note) missing('note', 'note_required');
		if (event.type === 'assign' && !event.assigneeId) missing('assigneeId');
		if (event.type === 'reclassify' && !event.complexity) missing('complexity');
		if (event.type === 'merge' && !event.targetId) missing('targetId');
		if (event.type === 'outage_times') {
			if (!event.from) missing('from');
			if (!event.to) missing('to');
			if (event.from && event.to && Date.parse(event.from) >= Date.parse(event.to)) missing('to', 'end_before_start');
		}
	})
);
export type IncidentEventInput = z.input<typeof incidentEventSchema>;
export type IncidentEventBody = z.output<typeof incidentEventSchema>;
