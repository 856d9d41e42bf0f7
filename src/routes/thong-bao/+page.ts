// The notice display is a page of its own: rendered once at build time and shipped without
// the app (no router, no device database), so a TV in the waiting room opens it from the
// worker's cache at once, offline too. Its small script is src/lib/display/main.ts.
export const ssr = true;
export const csr = false;
