/** Where a blank form file is served (shared by the page, the worker and the server). */
export const formFileUrl = (procedureId: string, fileId: string) =>
	`/api/public/procedures/${encodeURIComponent(procedureId)}/files/${fileId}`;
