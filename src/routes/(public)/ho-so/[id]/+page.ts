// One page per procedure id: not prerendered one by one (administrators add procedures);
// offline, the service worker answers with the app shell and the page reads its copy.
export const prerender = false;
