// Every page is rendered in the browser and prerendered as a shell, so that the service
// worker can precache it and it opens with the network down (DESIGN.md §3). Access
// control lives in the API, never in page rendering.
export const prerender = true;
export const ssr = false;
export const trailingSlash = 'never';
