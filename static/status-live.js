// The public status page (/trang-thai/{ward}) keeps itself current: every 20 seconds it asks
// the server for the page again and, when the status has changed, puts the new content in
// place — no reload, so a reader keeps their place, and screen readers hear the change from
// the status region. A few hundred bytes, for a cheap phone on 3G. Plain ES2017, no build.
(function () {
	'use strict';
	var EVERY_MS = 20000;
	function current() {
		return document.querySelector('[data-testid="public-status"]');
	}
	function signature(root) {
		var since = root.querySelector('[data-testid="status-since"]');
		return root.getAttribute('data-state') + '|' + (since ? since.textContent : '');
	}
	function refresh() {
		if (document.visibilityState !== 'visible') return;
		fetch(location.href, { cache: 'no-store', credentials: 'omit' })
			.then(function (response) {
				return response.ok ? response.text() : null;
			})
			.then(function (html) {
				var here = current();
				if (!html || !here) return;
				var fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('[data-testid="public-status"]');
				if (!fresh) return;
				if (signature(fresh) !== signature(here)) {
					here.replaceWith(document.importNode(fresh, true));
					document.title = new DOMParser().parseFromString(html, 'text/html').title || document.title;
				} else {
					var updated = here.querySelector('[data-testid="status-updated"]');
					var freshUpdated = fresh.querySelector('[data-testid="status-updated"]');
					if (updated && freshUpdated) updated.textContent = freshUpdated.textContent;
				}
			})
			.catch(function () {
				// No network for a moment: the page shows what it last knew, and tries again.
			});
	}
	setInterval(refresh, EVERY_MS);
	document.addEventListener('visibilitychange', refresh);
})();
