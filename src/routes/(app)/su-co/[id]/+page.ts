// One page per incident id: rendered in the browser from the app shell.
export const prerender = false;
