/**
 * The content-addressed folder that holds every file's bytes once: `<dataDir>/files/ab/cd/<sha256>`.
 * A blob's name is the SHA-256 of its bytes, so two uploads of the same file share one blob and
 * a name chosen by a person can never reach the file system (no traversal is possible: only
 * 64 lowercase hex characters ever become a path). Writes go to a temporary file that is fsynced
 * and renamed into place, so a crash leaves either the whole blob or none.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { mkdir, open, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';

const SHA256 = /^[0-9a-f]{64}$/;
/** Bytes hashed per event-loop turn by sha256HexAsync, so a big upload never holds every room up. */
const HASH_SLICE = 1024 * 1024;

/** The SHA-256 of some bytes, as 64 lowercase hex characters. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The SHA-256 of some bytes, hashed a slice per event-loop turn. */
export async function sha256HexAsync(bytes: Uint8Array): Promise<string> {
  const hash = createHash('sha256');
  for (let at = 0; at < bytes.byteLength; at += HASH_SLICE) {
    hash.update(bytes.subarray(at, at + HASH_SLICE));
    if (at + HASH_SLICE < bytes.byteLength) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return hash.digest('hex');
}

/** Blobs by SHA-256 under one folder. One instance per app (pass it explicitly). */
export class BlobStore {
  constructor(readonly dir: string) {}

  /** The path of a blob; throws RangeError for anything that is not a SHA-256 (a programmer's mistake). */
  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new RangeError(`Not a SHA-256: ${JSON.stringify(sha256).slice(0, 80)}`);
    return join(this.dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** Stores bytes (once: an existing blob is kept) and returns their SHA-256. */
  put(bytes: Uint8Array): string {
    const sha = sha256Hex(bytes);
    const path = this.pathOf(sha);
    if (existsSync(path) && statSync(path).size === bytes.byteLength) return sha;
    mkdirSync(join(this.dir, sha.slice(0, 2), sha.slice(2, 4)), { recursive: true });
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    const fd = openSync(temp, 'w', 0o600);
    try {
      let written = 0;
      while (written < bytes.byteLength) written += writeSync(fd, bytes, written, bytes.byteLength - written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
    return sha;
  }

  /**
   * Stores bytes like put, without blocking the event loop: the hash is taken a slice at a time
   * and the write and fsync run on libuv's threads. Resolves once the blob is durable.
   */
  async putAsync(bytes: Uint8Array): Promise<string> {
    const sha = await sha256HexAsync(bytes);
    const path = this.pathOf(sha);
    const existing = await stat(path).catch(() => null);
    if (existing && existing.size === bytes.byteLength) return sha;
    await mkdir(join(this.dir, sha.slice(0, 2), sha.slice(2, 4)), { recursive: true });
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    const file = await open(temp, 'w', 0o600);
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
    return sha;
  }

  /** Whether a blob is stored. */
  has(sha256: string): boolean {
    return existsSync(this.pathOf(sha256));
  }

  /** A blob's bytes, or null when it is missing. */
  read(sha256: string): Buffer | null {
    try {
      return readFileSync(this.pathOf(sha256));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  /** Removes a blob (callers first make sure no file row names it). */
  remove(sha256: string): void {
    rmSync(this.pathOf(sha256), { force: true });
  }
}

/** The blob store of a data folder. */
export function blobStoreFor(dataDir: string): BlobStore {
  return new BlobStore(join(dataDir, 'files'));
}
