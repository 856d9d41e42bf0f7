/** The outbox's transport over our HTTP API (DESIGN.md §9). */
import type { Transport } from './drain';
import { outboxHeaders, send } from './transport';
import { uploadAttachment } from './upload';

export const httpTransport: Transport = {
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
	attachment: uploadAttachment
};
