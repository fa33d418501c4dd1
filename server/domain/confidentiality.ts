/**
 * The confidentiality check of a whole paper: reads the paper's title, subtitle, description and
 * cover text (organisation, "edited by", key points, acknowledgements),
 * then every live page in reading order (its title, and its text as it is now: the open room's
 * document or the stored one), and runs the detectors of shared/confidentiality.ts over each text
 * block on its own, so that each finding points to its page and block. Between pages it gives the
 * event loop back, so a long paper never stalls typing on other pages.
 *
 * Editors acknowledge findings by id with a reason (audited with the count and kinds, never the
 * text). confidentialityGate() is what export and release call: it passes when every finding now
 * in the paper has been acknowledged.
 */
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import type { Node as PmNode } from 'prosemirror-model';
import type { Db } from '../store/database.js';
import type { CollabServer } from '../collab/server.js';
import type { PersonRef } from '../../shared/api.js';
import { FRAGMENT_NAME } from '../../shared/collab.js';
import { schema } from '../../shared/schema.js';
import { orderedTree } from '../../shared/tree.js';
import { FINDING_LABELS, scanText, type Finding, type FindingKind } from '../../shared/confidentiality.js';
import { maskFinding, PAPER_FIELDS, type AcknowledgeBody, type FindingPlace, type FindingView, type ScanView } from '../../shared/confidentialityApi.js';
import { livePageViews } from '../store/pages.js';
import { acknowledgedFindings, insertAcknowledgement, paperTextFields } from '../store/confidentiality.js';
import { conflict, notFound } from '../errors.js';
import { nowIso } from '../store/ids.js';
import { recordAudit } from './audit.js';

/** One finding with its text in full, where it is, and its context with and without masking. */
export interface PaperFinding {
  id: string;
  kind: FindingKind;
  text: string;
  place: FindingPlace;
  pageId: string | null;
  pageTitle: string | null;
  pageNumber: string | null;
  blockIndex: number | null;
  context: string;
  maskedContext: string;
}

/** Every finding now in a paper, in reading order, and how many pages were read. */
export interface PaperScan {
  findings: PaperFinding[];
  pages: number;
}

/** How many characters either side of a finding its context shows, before trimming to whole words. */
const CONTEXT_CHARS = 40;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The stable id of the nth occurrence of a kind of text in one place. */
function findingId(paperId: string, where: string, kind: FindingKind, text: string, occurrence: number): string {
  return createHash('sha256').update([paperId, where, kind, text, String(occurrence)].join('\u0000')).digest('hex').slice(0, 24);
}

/** The block's text with every finding's letters and digits hidden as maskFinding hides them. */
function maskAll(text: string, findings: readonly Finding[]): string {
  let out = text;
  for (const f of findings) out = out.slice(0, f.index) + maskFinding(f.text) + out.slice(f.index + f.text.length);
  return out;
}

/** A few words either side of [start, end) of a text, cut at word boundaries, with an ellipsis where cut. */
function contextAround(text: string, start: number, end: number): string {
  let from = Math.max(0, start - CONTEXT_CHARS);
  let to = Math.min(text.length, end + CONTEXT_CHARS);
  if (from > 0) {
    const space = text.indexOf(' ', from);
    from = space >= 0 && space < start ? space + 1 : from;
  }
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    to = space >= end ? space : to;
  }
  return `${from > 0 ? '…' : ''}${text.slice(from, to).trim()}${to < text.length ? '…' : ''}`;
}

/** Collects the findings of one place (a page, or a field of the paper), numbering repeats so each id is unique and stable. */
class PlaceFindings {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly paperId: string,
    private readonly where: string,
    private readonly out: PaperFinding[],
    private readonly base: Pick<PaperFinding, 'pageId' | 'pageTitle' | 'pageNumber'>,
  ) {}

  /** Scans one piece of text (a title, a field, one text block) and records what it holds. */
  add(text: string, place: FindingPlace, blockIndex: number | null): void {
    const found = scanText(text);
    if (found.length === 0) return;
    const masked = maskAll(text, found);
    for (const f of found) {
      const key = `${f.kind}\u0000${f.text}`;
      const occurrence = this.seen.get(key) ?? 0;
      this.seen.set(key, occurrence + 1);
      this.out.push({
        id: findingId(this.paperId, this.where, f.kind, f.text, occurrence),
        kind: f.kind,
        text: f.text,
        place,
        ...this.base,
        blockIndex,
        context: contextAround(text, f.index, f.index + f.text.length),
        maskedContext: contextAround(masked, f.index, f.index + f.text.length),
      });
    }
  }
}

/** The text blocks of a page body (paragraphs and headings, also those inside lists, quotes and table cells), in order. */
export function textBlocks(doc: PmNode): string[] {
  const blocks: string[] = [];
  doc.descendants((node) => {
    if (!node.isTextblock) return true;
    blocks.push(node.textBetween(0, node.content.size, ' ', ' '));
    return false;
  });
  return blocks;
}

/** A page's text blocks as the page is now. */
async function pageBlocks(collab: CollabServer, pageId: string): Promise<string[]> {
  const ydoc = new Y.Doc();
  try {
    Y.applyUpdate(ydoc, await collab.currentState(pageId));
    return textBlocks(yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(FRAGMENT_NAME), schema));
  } finally {
    ydoc.destroy();
  }
}

/** Told before each page is read and once at the end: how many pages are done, of how many. */
export type ScanProgress = (done: number, of: number) => void;

/** Reads the whole paper and returns every finding in reading order; 404 if there is no such paper. */
export async function findInPaper(db: Db, collab: CollabServer, paperId: string, onProgress?: ScanProgress): Promise<PaperScan> {
  const paper = paperTextFields(db, paperId);
  if (!paper) throw notFound();
  const findings: PaperFinding[] = [];
  const fields = new PlaceFindings(paperId, 'paper', findings, { pageId: null, pageTitle: null, pageNumber: null });
  for (const field of PAPER_FIELDS) fields.add(paper[field] ?? '', `paper_${field}`, null);

  const ordered = orderedTree(livePageViews(db, paperId));
  for (const [done, { page, number }] of ordered.entries()) {
    onProgress?.(done, ordered.length);
    await yieldToEventLoop();
    const place = new PlaceFindings(paperId, `page:${page.id}`, findings, { pageId: page.id, pageTitle: page.title, pageNumber: number });
    place.add(page.title, 'page_title', null);
    // A page deleted while we were reading others has no text to read: it is no longer in the paper.
    let blocks: string[];
    try {
      blocks = await pageBlocks(collab, page.id);
    } catch (err) {
      if (livePageViews(db, paperId).some((p) => p.id === page.id)) throw err;
      continue;
    }
    blocks.forEach((text, i) => place.add(text, 'page_text', i));
  }
  onProgress?.(ordered.length, ordered.length);
  return { findings, pages: ordered.length };
}

/** A finding as this person sees it: in full if they may acknowledge, masked otherwise. */
function toView(finding: PaperFinding, acknowledgements: ReturnType<typeof acknowledgedFindings>, full: boolean): FindingView {
  const acknowledgement = acknowledgements.get(finding.id) ?? null;
  return {
    id: finding.id,
    kind: finding.kind,
    label: FINDING_LABELS[finding.kind],
    text: full ? finding.text : maskFinding(finding.text),
    masked: !full,
    place: finding.place,
    pageId: finding.pageId,
    pageTitle: finding.pageTitle,
    pageNumber: finding.pageNumber,
    blockIndex: finding.blockIndex,
    context: full ? finding.context : finding.maskedContext,
    acknowledged: acknowledgement !== null,
    acknowledgement,
  };
}

function viewOf(db: Db, paperId: string, scan: PaperScan, full: boolean): ScanView {
  const acknowledgements = acknowledgedFindings(db, paperId);
  const findings = scan.findings.map((f) => toView(f, acknowledgements, full));
  return { scannedAt: nowIso(), pages: scan.pages, findings, unacknowledged: findings.filter((f) => !f.acknowledged).length };
}

/** Scans a paper for the scan route; `full` shows findings' text unmasked (those who may acknowledge). */
export async function scanPaper(db: Db, collab: CollabServer, paperId: string, full: boolean, onProgress?: ScanProgress): Promise<ScanView> {
  return viewOf(db, paperId, await findInPaper(db, collab, paperId, onProgress), full);
}

/**
 * Acknowledges findings of a fresh scan, by id, with a reason, and audits it. Every id must be a
 * finding in the paper now (409 otherwise: the text changed since the person looked), so an
 * acknowledgement covers only what was seen. Returns the scan with them acknowledged.
 */
export async function acknowledgeFindings(db: Db, collab: CollabServer, paperId: string, actor: PersonRef, body: AcknowledgeBody): Promise<ScanView> {
  const scan = await findInPaper(db, collab, paperId);
  const byId = new Map(scan.findings.map((f) => [f.id, f]));
  const ids = [...new Set(body.findingIds)];
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    throw conflict(
      missing.length === ids.length
        ? 'None of these findings is in the paper now; they were fixed or changed. Run the check again.'
        : `${missing.length} of these findings ${missing.length === 1 ? 'is' : 'are'} no longer in the paper (fixed or changed since the check). Run the check again and acknowledge what it finds.`,
    );
  }
  const chosen = ids.map((id) => byId.get(id)!);
  const kinds: Partial<Record<FindingKind, number>> = {};
  for (const f of chosen) kinds[f.kind] = (kinds[f.kind] ?? 0) + 1;
  db.transaction(() => {
    const { id } = insertAcknowledgement(db, { paperId, actorId: actor.id, reason: body.reason, findings: chosen });
    recordAudit(db, { paperId, actor, action: 'confidentiality.acknowledged', target: id, detail: { count: chosen.length, kinds, reason: body.reason } });
  }).immediate();
  return viewOf(db, paperId, scan, true);
}

/** The outcome of the check for export and release: pass, or the findings no one has acknowledged. */
export type GateResult = { ok: true } | { ok: false; findings: PaperFinding[] };

/**
 * What export and release call before going ahead: ok when the paper has no findings or every one
 * of them is acknowledged; otherwise the findings still waiting (in full: the caller decides what
 * to show to whom).
 */
export async function confidentialityGate(db: Db, collab: CollabServer, paperId: string): Promise<GateResult> {
  const scan = await findInPaper(db, collab, paperId);
  const acknowledged = acknowledgedFindings(db, paperId);
  const waiting = scan.findings.filter((f) => !acknowledged.has(f.id));
  return waiting.length === 0 ? { ok: true } : { ok: false, findings: waiting };
}
