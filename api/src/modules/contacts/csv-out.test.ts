import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, phoneDigits } from './csv-out.ts';

describe('CSV output', () => {
  it('neutralises cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('\rcmd')).toBe(`"'\rcmd"`);
    expect(csvCell('Mario Rossi')).toBe('Mario Rossi');
  });

  it('quotes delimiters and newlines, writes values and JSON plainly', () => {
    expect(csvLine(['a,b', 'c;d', 'e\nf', 3, true, null, { k: 1 }])).toBe('"a,b","c;d","e\nf",3,true,,"{""k"":1}"\r\n');
  });

  it('writes phones as digits with the country code', () => {
    expect(phoneDigits('+393401234567')).toBe('393401234567');
    expect(csvCell(phoneDigits('+393401234567'))).toBe('393401234567');
  });
});
