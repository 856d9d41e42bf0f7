import { describe, expect, it } from 'vitest';
import { neutralizeFormula } from './formula';

describe('neutralizeFormula', () => {
	it.each(['=1+1', '+84912345678', '-2', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x","y")'])('quotes %j', (cell) => {
		expect(neutralizeFormula(cell)).toBe(`'${cell}`);
	});

	it.each(['', 'Nguyễn Văn An', 'phuong-thai-hoa', "'=already", ' =space first', 'a=b', '0912 345 678'])('leaves %j alone', (cell) => {
		expect(neutralizeFormula(cell)).toBe(cell);
	});
});
