/**
 * Upload size limits as people read them. The browser refuses a file over its limit before sending
 * it with the same sentence the server answers with (both call shared/files.ts tooLargeMessage).
 */
import { describe, expect, it } from 'vitest';
import { formatBytes, tooLargeMessage, uploadLimit } from '../../shared/files.js';
import { uploadRefusal } from '../../client/ui/files/uploadFile.js';
import { limits } from '../../shared/limits.js';

const MB = 1024 * 1024;

describe('upload limits', () => {
  it('words an oversize refusal with both sizes, never reading a file just over the limit as the limit', () => {
    expect(tooLargeMessage('attachment', 40 * MB)).toBe('That file is 40 MB. Files can be at most 25 MB.');
    expect(tooLargeMessage('attachment', limits.fileBytes + 1)).toBe('That file is 25.1 MB. Files can be at most 25 MB.');
    expect(tooLargeMessage('image', Math.round(12.3 * MB))).toBe('That picture is 12.3 MB. Pictures placed in a page can be at most 10 MB.');
    expect(tooLargeMessage('attachment', null)).toBe('That file is larger than 25 MB. Files can be at most 25 MB.');
  });

  it('refuses empty files and files over the limit in the browser, and lets a file of exactly the limit through', () => {
    expect(uploadLimit('image')).toBe(limits.imageBytes);
    expect(uploadLimit('attachment')).toBe(limits.fileBytes);
    expect(uploadRefusal(new File([], 'empty.txt'), 'attachment')).toBe('This file is empty.');
    const atLimit = new File([new Uint8Array(limits.imageBytes)], 'chart.png', { type: 'image/png' });
    expect(uploadRefusal(atLimit, 'image')).toBeNull();
    const over = new File([new Uint8Array(limits.imageBytes + 1)], 'chart.png', { type: 'image/png' });
    expect(uploadRefusal(over, 'image')).toBe('That picture is 10.1 MB. Pictures placed in a page can be at most 10 MB.');
    expect(uploadRefusal(over, 'attachment')).toBeNull();
  });

  it('shows sizes in the units Windows uses, so a limit reads the same everywhere', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(940)).toBe('940 bytes');
    expect(formatBytes(12_595)).toBe('12.3 kB');
    expect(formatBytes(limits.imageBytes)).toBe('10 MB');
    expect(formatBytes(Math.round(4.5 * MB))).toBe('4.5 MB');
  });
});
