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
	attachment: uploadAttachment
};
