// One page per person id: rendered in the browser from the app shell.
export const prerender = false;
