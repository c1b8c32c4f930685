import { describe, expect, it } from 'vitest';
import { checkAttachment, formatSize } from './attachments.ts';

const MB = 1024 * 1024;

describe('attachment limits', () => {
  it('accepts JPEG/PNG images up to 5 MB', () => {
    expect(checkAttachment({ type: 'image/jpeg', size: 5 * MB }, 'image')).toEqual({ ok: true, kind: 'image' });
    expect(checkAttachment({ type: 'image/png', size: 5 * MB + 1 }, 'image')).toMatchObject({
      ok: false,
      reason: 'size',
      maxMb: 5,
    });
    expect(checkAttachment({ type: 'image/gif', size: 10 }, 'image')).toMatchObject({ ok: false, reason: 'type' });
  });

  it('accepts documents up to 100 MB but not audio or video', () => {
    expect(checkAttachment({ type: 'application/pdf', size: 100 * MB }, 'document')).toEqual({
      ok: true,
      kind: 'document',
    });
    expect(checkAttachment({ type: 'application/pdf', size: 100 * MB + 1 }, 'document')).toMatchObject({
      ok: false,
      reason: 'size',
      maxMb: 100,
    });
    expect(checkAttachment({ type: 'video/mp4', size: 10 }, 'document')).toMatchObject({ ok: false, reason: 'type' });
    expect(checkAttachment({ type: 'application/pdf', size: 0 }, 'document')).toMatchObject({
      ok: false,
      reason: 'size',
    });
  });

  it('formats sizes', () => {
    expect(formatSize(500)).toBe('500 B');
    expect(formatSize(2048)).toBe('2 KB');
    expect(formatSize(3.5 * MB)).toBe('3.5 MB');
  });
});
