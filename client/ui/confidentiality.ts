/**
 * The "Confidentiality check" section of a paper's overview, for those who may export: "Check
 * now" reads the whole paper on the server and lists what looks like patient-identifiable data,
 * grouped by page (number and title), each finding a link that opens its page with the words
 * selected. Editors see findings in full and may acknowledge the ones still waiting, with a
 * reason, so that export and release may go ahead; others see them partly hidden. Progress (from
 * the server's 'confidentiality:progress' events, at most every 1.5 s) and outcomes are announced
 * in a live region.
 */
import { h, replaceChildren, uniqueId } from '../dom.js';
import { request } from '../api.js';
import { pageHref } from '../router.js';
import { limits } from '../../shared/limits.js';
import type { FindingView, ScanView } from '../../shared/confidentialityApi.js';
import { errorRegion, messageOf } from './forms.js';
import { findHref } from './findText.js';
import type { PaperSocket } from '../socket.js';
import type { ConfidentialityProgress } from '../../shared/events.js';

const checkPath = (paperId: string) => `/api/papers/${encodeURIComponent(paperId)}/confidentiality`;

/** The confidentiality check's API calls. */
export const confidentialityApi = {
  scan: (paperId: string, checkId: string) => request<ScanView>('POST', `${checkPath(paperId)}/scan`, { checkId }),
  acknowledge: (paperId: string, reason: string, findingIds: string[]) => request<ScanView>('POST', `${checkPath(paperId)}/acknowledge`, { reason, findingIds }),
};

const FIELD_NAMES: Record<string, string> = {
  paper_title: 'the paper’s title',
  paper_subtitle: 'the subtitle',
  paper_description: 'the description',
  paper_organisation: 'the organisation on the cover',
  paper_editedBy: '“edited by” on the cover',
  paper_summary: 'the key points',
  paper_acknowledgements: 'the acknowledgements',
};
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
/** The context with the finding's words marked (text nodes only, never HTML). */
function withMark(context: string, words: string): (string | HTMLElement)[] {
  const at = context.indexOf(words);
  if (at < 0) return [context];
  return [context.slice(0, at), h('mark', {}, words), context.slice(at + words.length)];
}
const formatTime = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export interface ConfidentialityCheckOptions {
  paperId: string;
  /** Whether this person may acknowledge findings (editors: paper.release). */
  canAcknowledge: boolean;
  /** How many pages the paper has now, for the progress sentence. */
  pageCount(): number;
  /** The paper's socket, on which the server reports how far a check has got. */
  socket: PaperSocket | null;
}

/** How often, at most, the progress sentence changes (a live region read out on every page would be noise). */
const PROGRESS_EVERY_MS = 1500;

/** An id for one check, so its progress events can be told from another tab's. */
const newCheckId = () => Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');

export class ConfidentialityCheck {
  readonly el: HTMLElement;
  private readonly button = h('button', { type: 'button', class: 'primary' }, 'Check now');
  private readonly status = h('p', { class: 'confidentiality-status', role: 'status', 'aria-live': 'polite' });
  private readonly errors = errorRegion();
  private readonly results = h('div', { class: 'confidentiality-results' });
  private busy = false;
  private destroyed = false;
  private checkId: string | null = null;
  private progressShownAt = 0;
  private readonly onProgress = (event: ConfidentialityProgress) => {
    if (event.checkId !== this.checkId || event.done >= event.of) return;
    const now = performance.now();
    if (now - this.progressShownAt < PROGRESS_EVERY_MS) return;
    this.progressShownAt = now;
    this.status.textContent = `Checked ${event.done} of ${plural(event.of, 'page', 'pages')}…`;
  };

  constructor(private readonly options: ConfidentialityCheckOptions) {
    const headingId = uniqueId('confidentiality');
    this.button.addEventListener('click', () => void this.check());
    options.socket?.on('confidentiality:progress', this.onProgress);
    this.el = h(
      'section',
      { class: 'confidentiality', 'aria-labelledby': headingId },
      h('h2', { id: headingId }, 'Confidentiality check'),
      h(
        'p',
        { class: 'hint' },
        'Before export or release, check the whole paper for what looks like patient-identifiable data: NHS numbers, dates of birth, postcodes, phone numbers and email addresses. ',
        options.canAcknowledge ? 'Fix each finding on its page, or acknowledge it with a reason.' : 'An editor fixes or acknowledges what it finds.',
      ),
      this.button,
      this.status,
      this.errors.el,
      this.results,
    );
  }

  destroy(): void {
    this.destroyed = true;
    this.options.socket?.off('confidentiality:progress', this.onProgress);
  }

  /** Runs the check on the server and shows what it found. */
  async check(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.button.disabled = true;
    this.errors.clear();
    const pages = this.options.pageCount();
    this.checkId = newCheckId();
    this.progressShownAt = performance.now();
    this.status.textContent = `Checking ${plural(pages, 'page', 'pages')} and the paper’s details…${pages > 20 ? ' A long paper takes a few seconds.' : ''}`;
    try {
      const scan = await confidentialityApi.scan(this.options.paperId, this.checkId);
      if (this.destroyed) return;
      this.show(scan);
      this.status.textContent = this.summary(scan);
    } catch (err) {
      if (this.destroyed) return;
      this.status.textContent = 'The check did not finish.';
      this.errors.show(messageOf(err));
    } finally {
      this.busy = false;
      this.checkId = null;
      this.button.disabled = false;
    }
  }

  private summary(scan: ScanView): string {
    const checked = `Checked ${plural(scan.pages, 'page', 'pages')} at ${formatTime(scan.scannedAt)}.`;
    if (scan.findings.length === 0) return `${checked} Nothing looks like patient-identifiable data.`;
    const found = `${checked} Found ${plural(scan.findings.length, 'thing', 'things')} that may identify a patient`;
    if (scan.unacknowledged === 0) return `${found}, all acknowledged: export and release may go ahead.`;
    return `${found}; ${scan.unacknowledged} not yet acknowledged.`;
  }

  private show(scan: ScanView) {
    const groups = new Map<string, FindingView[]>();
    for (const finding of scan.findings) {
      const key = finding.pageId ?? '';
      const list = groups.get(key);
      if (list) list.push(finding);
      else groups.set(key, [finding]);
    }
    replaceChildren(
      this.results,
      [...groups.values()].map((findings) => this.group(findings)),
      this.options.canAcknowledge && scan.unacknowledged > 0 ? this.acknowledgeForm(scan) : null,
    );
  }

  /** One page's findings (or the paper's own fields'), under a heading with the page's number and title. */
  private group(findings: FindingView[]): HTMLElement {
    const first = findings[0];
    const title = first.pageId ? `${first.pageNumber} ${first.pageTitle}` : 'The paper’s details';
    const headingId = uniqueId('confidentiality-group');
    return h(
      'section',
      { class: 'confidentiality-group', 'aria-labelledby': headingId },
      h('h3', { id: headingId }, title),
      h('ul', { class: 'confidentiality-findings' }, findings.map((f) => this.finding(f))),
    );
  }

  private finding(f: FindingView): HTMLElement {
    const where = f.place === 'page_title' ? ' (in the page title)' : f.place in FIELD_NAMES ? ` (in ${FIELD_NAMES[f.place]})` : '';
    // Partly hidden text cannot be searched for on the page: link to the page alone.
    const target = f.pageId ? (f.place === 'page_text' && !f.masked ? findHref(pageHref(this.options.paperId, f.pageId), f.text, f.blockIndex) : pageHref(this.options.paperId, f.pageId)) : null;
    const text = target ? h('a', { href: target, 'aria-label': `${f.label} ${f.text}${f.pageId ? ` on page ${f.pageNumber} ${f.pageTitle}` : ''}` }, f.text) : h('span', {}, f.text);
    return h(
      'li',
      { class: `confidentiality-finding${f.acknowledged ? ' acknowledged' : ''}` },
      h('p', { class: 'confidentiality-what' }, h('strong', {}, `${f.label}: `), text, where),
      h('p', { class: 'confidentiality-context' }, withMark(f.context, f.text)),
      f.acknowledgement
        ? h('p', { class: 'confidentiality-ack' }, `Acknowledged by ${f.acknowledgement.by.name} on ${formatTime(f.acknowledgement.at)}: ${f.acknowledgement.reason}`)
        : h('p', { class: 'confidentiality-ack waiting' }, 'Not acknowledged yet.'),
    );
  }

  private acknowledgeForm(scan: ScanView): HTMLElement {
    const waiting = scan.findings.filter((f) => !f.acknowledged);
    const reasonId = uniqueId('confidentiality-reason');
    const hintId = `${reasonId}-hint`;
    const reason = h('textarea', { id: reasonId, name: 'reason', rows: 3, required: true, maxlength: limits.acknowledgementReasonChars, 'aria-describedby': hintId, class: 'confidentiality-reason' });
    const errors = errorRegion();
    const form = h(
      'form',
      { class: 'confidentiality-form' },
      h('label', { for: reasonId }, 'Reason for keeping these findings'),
      h('p', { id: hintId, class: 'hint' }, `This acknowledges the ${plural(waiting.length, 'finding', 'findings')} not yet acknowledged above. It is recorded in the audit trail with your name. Text added later needs checking again.`),
      reason,
      errors.el,
      h('button', { type: 'submit', class: 'primary' }, 'Acknowledge and proceed'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!reason.value.trim()) {
        errors.show('Give a reason for keeping these findings.');
        reason.focus();
        return;
      }
      void (async () => {
        errors.clear();
        try {
          const next = await confidentialityApi.acknowledge(this.options.paperId, reason.value, waiting.map((f) => f.id));
          if (this.destroyed) return;
          this.show(next);
          this.status.textContent = `Acknowledged ${plural(waiting.length, 'finding', 'findings')}. ${this.summary(next)}`;
          this.button.focus();
        } catch (err) {
          errors.show(messageOf(err));
        }
      })();
    });
    return form;
  }
}
