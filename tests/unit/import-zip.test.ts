/**
 * The ZIP-bomb guard that runs before a Word file is unpacked: every part is really inflated with
 * a ceiling, so an archive that lies about its sizes is refused as surely as an honest big one.
 */
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkUnzippedSize } from '../../server/import/unzippedSize.js';
import { sampleDocx } from '../fixtures/import/sampleDocx.js';

/** A one-entry ZIP (deflated) whose headers claim `claimedSize` bytes unpacked. */
function zipOf(name: string, content: Buffer, claimedSize: number): Buffer {
  const data = deflateRawSync(content);
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(claimedSize, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(claimedSize, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt32LE(0, 42);
  const centralAt = local.length + nameBytes.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(centralAt, 16);
  return Buffer.concat([local, nameBytes, data, central, nameBytes, end]);
}

describe('the unpacked-size guard', () => {
  it('lets a real Word file through', async () => {
    const docx = await sampleDocx();
    expect(() => checkUnzippedSize(docx)).not.toThrow();
  });

  it('refuses an archive whose parts inflate past the ceiling, even when it claims they are tiny', () => {
    const liar = zipOf('word/document.xml', Buffer.alloc(50_000, 0x20), 10);
    expect(liar.length).toBeLessThan(1000);
    expect(() => checkUnzippedSize(liar, 20_000)).toThrow('This Word file unpacks to far more than its size suggests');
    expect(() => checkUnzippedSize(liar, 60_000)).not.toThrow();
  });

  it('calls an archive without a readable directory damaged', () => {
    expect(() => checkUnzippedSize(Buffer.from('PK\u0003\u0004 not really a zip'))).toThrow('This Word file is damaged and cannot be read.');
  });
});
