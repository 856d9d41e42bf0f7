/**
 * Diacritic-free search, so that "dang ky khai sinh" typed on a phone without a Vietnamese
 * keyboard finds "Đăng ký khai sinh". Intl.Collator with sensitivity 'base' does not fold
 * ă/â/ê/ô/ơ/ư/đ, so it cannot serve here.
 */
export function foldVietnamese(s: string): string {
	return (
		s
			// NFD also unifies the two ways Unikey may place a tone mark (precomposed or combining).
			.normalize('NFD')
			.replace(/[\u0300-\u036f]/g, '')
			// đ/Đ are letters of their own, not d plus a mark, so NFD leaves them alone.
			.replace(/đ/g, 'd')
			.replace(/Đ/g, 'D')
			.toLowerCase()
			.replace(/\s+/g, ' ')
			.trim()
	);
}

/** True when every word of the query occurs somewhere in the text, in any order. */
export function matchesQuery(text: string, query: string): boolean {
	const haystack = foldVietnamese(text);
	return foldVietnamese(query)
		.split(' ')
		.filter((word) => word !== '')
		.every((word) => haystack.includes(word));
}
