/**
 * Questions asked before an action with consequences, in the page rather than the browser's
 * own `confirm()` (which shows the server's address and buttons labelled "OK"): the dialog
 * says what happens and its button names the action ("Rút lại báo cáo").
 *
 *     if (!(await ask({ title: m.x_title(), text: m.x_text(), confirm: m.x_action(), danger: true }))) return;
 *
 * `ConfirmDialog` (mounted once by the signed-in layout) shows the question; Escape, "Quay
 * lại" or a newer question answer false. The prompt when a tab with unsaved work is closed
 * stays the browser's own (`beforeunload`): no page may replace it.
 */
export interface AskOptions {
	/** The question, short: "Rút lại báo cáo này?" */
	title: string;
	/** What happens, in a sentence or two. */
	text?: string;
	/** The confirming button names the action: "Rút lại báo cáo", never "OK". */
	confirm: string;
	/** Defaults to "Quay lại". */
	cancel?: string;
	/** The action destroys or discards something: its button is red, and the focus starts on the way back. */
	danger?: boolean;
}

export interface Question extends AskOptions {
	answer(confirmed: boolean): void;
}

class ConfirmQuestions {
	/** The question on screen, if any (raw: the very object `ask` made, compared by identity). */
	current = $state.raw<Question | null>(null);

	ask(options: AskOptions): Promise<boolean> {
		// One question at a time: a newer one answers the older "no".
		this.current?.answer(false);
		return new Promise<boolean>((resolve) => {
			const question: Question = {
				...options,
				answer: (confirmed) => {
					if (this.current === question) this.current = null;
					resolve(confirmed);
				}
			};
			this.current = question;
		});
	}
}

export const confirmQuestions = new ConfirmQuestions();

/** Asks in the page; true when the person chose the action. */
export function ask(options: AskOptions): Promise<boolean> {
	return confirmQuestions.ask(options);
}
