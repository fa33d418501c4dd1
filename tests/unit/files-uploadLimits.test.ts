/**
 * The browser refuses a file over its limit before sending it, in the very words the server uses
 * when it refuses one: the two sentences are compared here for sizes around each limit, so they
 * cannot drift apart.
 */
import { describe, expect, it } from 'vitest';
import { tooLargeMessage as serverMessage } from '../../server/domain/files.js';
import { tooLargeMessage, uploadLimit, uploadRefusal } from '../../client/ui/files/uploadFile.js';
import { limits } from '../../shared/limits.js';
import type { FilePurpose } from '../../shared/files.js';

const PURPOSES: FilePurpose[] = ['image', 'attachment'];

describe('upload limits in the browser', () => {
  it('words an oversize refusal exactly as the server does', () => {
    for (const purpose of PURPOSES) {
      const max = uploadLimit(purpose);
      for (const size of [max + 1, max + 1000, Math.round(max * 1.26), 40 * 1024 * 1024, 1024 ** 3]) {
        expect(tooLargeMessage(purpose, size)).toBe(serverMessage(purpose, size));
      }
    }
    expect(tooLargeMessage('attachment', 40 * 1024 * 1024)).toBe('That file is 40 MB. Files can be at most 25 MB.');
  });

  it('refuses empty files and files over the limit, and lets a file of exactly the limit through', () => {
    expect(uploadLimit('image')).toBe(limits.imageBytes);
    expect(uploadLimit('attachment')).toBe(limits.fileBytes);
    expect(uploadRefusal(new File([], 'empty.txt'), 'attachment')).toBe('This file is empty.');
    const atLimit = new File([new Uint8Array(limits.imageBytes)], 'chart.png', { type: 'image/png' });
    expect(uploadRefusal(atLimit, 'image')).toBeNull();
    const over = new File([new Uint8Array(limits.imageBytes + 1)], 'chart.png', { type: 'image/png' });
    expect(uploadRefusal(over, 'image')).toBe('That picture is 10.1 MB. Pictures placed in a page can be at most 10 MB.');
    expect(uploadRefusal(over, 'attachment')).toBeNull();
  });
});
