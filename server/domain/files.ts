/**
 * The rules for files in a paper. Uploading needs a live page of the paper whose text the person
 * may change (authors and editors; an approved page is the editors' alone). The type is the one
 * detected from the bytes; a picture placed in a page must be PNG or JPEG (every export can embed
 * those) of a sane pixel size. The blob is written (and fsynced) first, then the row and its audit
 * entry in one transaction, so a row never names bytes that are not on disk. Removing an attachment
 * is for its uploader (while they may still edit the page) and for editors; it marks the row
 * deleted and keeps the blob, which a page's history may still show.
 */
import type { Db } from '../store/database.js';
import type { BlobStore } from '../files/blobStore.js';
import type { PersonRef } from '../../shared/api.js';
import type { Role } from '../../shared/roles.js';
import { APPROVED_READ_ONLY, mayWriteText } from '../../shared/pageStatus.js';
import { PLACEABLE_IMAGE_TYPES, tooLargeMessage, uploadLimit, type FilePurpose, type FileView } from '../../shared/files.js';
import { HttpError, badRequest, conflict, forbidden, notFound, tooLarge } from '../errors.js';
import { pageView } from '../store/pages.js';
import { fileById, fileView, insertFile, markFileDeleted, pageFiles, type FileRow } from '../store/files.js';
import { recordAudit } from './audit.js';
import { detectType } from '../files/sniff.js';
import { imageSize, imageSizeRefusal } from '../files/imageSize.js';
import { cleanFileName } from '../files/fileNames.js';

/** Throws unless this role may add files to this page now: 404 for no such live page, 409 in the trash, 403 when refused. */
export function checkUploadTarget(db: Db, paperId: string, pageId: string, role: Role): void {
  const page = pageView(db, paperId, pageId);
  if (!page) throw notFound('This page was not found. It may have been deleted for good.');
  if (page.deletedAt) throw conflict('This page is in the trash. Restore it before adding files to it.');
  if (!mayWriteText(role, page.status)) throw forbidden(APPROVED_READ_ONLY);
}

const unsupported = (message: string) => new HttpError(415, 'unsupported_type', message);

/** What an upload carries once its bytes are read. */
export interface Upload {
  paperId: string;
  pageId: string;
  actor: PersonRef;
  role: Role;
  /** The name as sent; cleaned here. */
  name: unknown;
  purpose: FilePurpose;
  bytes: Uint8Array;
}

/** Checks an upload, stores its bytes (off the event loop) and records it (audited); returns the new file. */
export async function uploadFile(db: Db, blobs: BlobStore, upload: Upload): Promise<FileView> {
  const { paperId, pageId, actor, role, purpose, bytes } = upload;
  checkUploadTarget(db, paperId, pageId, role);
  if (bytes.byteLength === 0) throw badRequest('This file is empty.');
  if (bytes.byteLength > uploadLimit(purpose)) throw tooLarge(tooLargeMessage(purpose, bytes.byteLength));
  const detected = detectType(bytes);
  const size = imageSize(bytes, detected.type);
  if (purpose === 'image') {
    if (!(PLACEABLE_IMAGE_TYPES as readonly string[]).includes(detected.type)) {
      throw unsupported(`Only PNG and JPEG pictures can be placed in a page, because every export can include them. This file is ${detected.kind}: add it as an attachment, or save it as PNG or JPEG.`);
    }
    if (!size) throw unsupported(`This picture could not be read: its ${detected.type === 'image/png' ? 'PNG' : 'JPEG'} header is damaged. Save it again and upload the new copy.`);
    const refusal = imageSizeRefusal(size);
    if (refusal) throw unsupported(refusal);
  }
  // An attachment's pixel size is only a hint for the list, so an absurd one is not kept.
  const keptSize = size && !imageSizeRefusal(size) ? size : null;
  const name = cleanFileName(upload.name);
  const sha256 = await blobs.putAsync(bytes);
  return db.transaction(() => {
    // The page may have been trashed or approved while the bytes arrived.
    checkUploadTarget(db, paperId, pageId, role);
    const id = insertFile(db, { paperId, pageId, sha256, name, size: bytes.byteLength, contentType: detected.type, purpose, width: keptSize?.width ?? null, height: keptSize?.height ?? null, uploadedBy: actor.id });
    recordAudit(db, { paperId, actor, action: 'file.uploaded', target: id, detail: { name, size: bytes.byteLength, contentType: detected.type, purpose, pageId, pageTitle: pageView(db, paperId, pageId)!.title } });
    return fileView(fileById(db, paperId, id)!);
  }).immediate();
}

/** A page's attachments (not its placed pictures), newest first; 404 for a page not in this paper. */
export function pageAttachments(db: Db, paperId: string, pageId: string): FileView[] {
  if (!pageView(db, paperId, pageId)) throw notFound('This page was not found. It may have been deleted for good.');
  return pageFiles(db, pageId, 'attachment').map(fileView);
}

/** A file of this paper to send; 404 with a sentence for another paper's file or a removed attachment. */
export function fileToServe(db: Db, paperId: string, fileId: string): FileRow {
  const row = fileById(db, paperId, fileId);
  if (!row) throw notFound('This file was not found in this paper.');
  if (row.deletedAt) throw notFound('This attachment was removed from its page, so it can no longer be downloaded.');
  return row;
}

/** Removes an attachment from its page (the row is marked deleted; audited); returns the row as it was. */
export function removeAttachment(db: Db, input: { paperId: string; fileId: string; actor: PersonRef; role: Role }): FileRow {
  const { paperId, fileId, actor, role } = input;
  return db.transaction(() => {
    const row = fileById(db, paperId, fileId);
    if (!row || row.deletedAt) throw notFound('This attachment was not found. It may have been removed already.');
    if (row.purpose !== 'attachment') throw conflict('A picture placed in a page is removed by deleting it from the page’s text.');
    if (role !== 'editor' && row.uploadedBy !== actor.id) throw forbidden('Only the person who uploaded this attachment, or an editor, can remove it.');
    const page = row.pageId ? pageView(db, paperId, row.pageId) : null;
    if (page?.deletedAt) throw conflict('This page is in the trash. Restore it before removing its attachments.');
    if (page && !mayWriteText(role, page.status)) throw forbidden(APPROVED_READ_ONLY);
    markFileDeleted(db, fileId, actor.id);
    recordAudit(db, { paperId, actor, action: 'file.deleted', target: fileId, detail: { name: row.name, size: row.size, contentType: row.contentType, pageId: row.pageId, pageTitle: page?.title ?? null } });
    return row;
  }).immediate();
}
