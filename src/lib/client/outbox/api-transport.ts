/** The outbox's transport over our HTTP API (DESIGN.md §9), given how to reach the resumable uploader. */
import type { Transport } from './drain';
import { outboxHeaders, send } from './transport';
import { uploadAttachment, type ResumableLoader } from './upload';

export function apiTransport(loadResumable: ResumableLoader): Transport {
	return {
		report(report) {
			return send(`/api/incidents/${report.id}`, {
				method: 'PUT',
				headers: { 'content-type': 'application/json', ...outboxHeaders(report.userId) },
				body: JSON.stringify(report.body)
			});
		},
		event(action) {
			return send(`/api/incidents/${action.incidentId}/events`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...outboxHeaders(action.userId) },
				body: JSON.stringify({ ...action.body, id: action.id })
			});
		},
		attachment: (attachment, hooks) => uploadAttachment(attachment, hooks, loadResumable)
	};
}
