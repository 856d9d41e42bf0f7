/**
 * The installable app's web manifest. Vietnamese first: the name on the home screen and
 * in the Windows start menu is what desk officers and leaders will look for.
 */
export const THEME_COLOR = '#0b4f8a';

export const webManifest = {
	id: '/',
	name: 'Ứng Cứu Một Cửa',
	short_name: 'Ứng Cứu',
	description:
		'Báo và xử lý sự cố tại Bộ phận Một cửa — dùng được cả khi mất mạng. Incident response for the one-stop desk, online or offline.',
	lang: 'vi',
	dir: 'ltr' as const,
	start_url: '/',
	scope: '/',
	display: 'standalone' as const,
	orientation: 'any' as const,
	theme_color: THEME_COLOR,
	background_color: '#ffffff',
	categories: ['productivity', 'government', 'utilities'],
	icons: [
		{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
		{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
		{ src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }
	],
	shortcuts: [
		{
			name: 'Báo sự cố',
			short_name: 'Báo sự cố',
			url: '/bao-cao/moi',
			icons: [{ src: '/icons/shortcut-report-96.png', sizes: '96x96', type: 'image/png' }]
		},
		{
			name: 'Thông báo cho người dân',
			short_name: 'Thông báo',
			url: '/thong-bao',
			icons: [{ src: '/icons/shortcut-notice-96.png', sizes: '96x96', type: 'image/png' }]
		}
	]
};
