/**
 * Exporting from the browser: the "Export" section of a paper's overview (the whole paper or one
 * chapter) and "Export this chapter" in the page tools, both the same ExportForm. The person picks
 * a format, a scope and a source (the live text or a release), starts the export and sees its
 * progress in a <progress> bar with words ("Page 3 of 12") that screen readers hear now and then;
 * they can cancel it, and when it is done the file downloads by itself and stays as a link. When the
 * confidentiality check stops the export, the form says so with a way to the check.
 */
import { h, replaceChildren, uniqueId } from '../dom.js';
import { ApiRequestError, request } from '../api.js';
import { paperHref } from '../router.js';
import { can } from '../../shared/permissions.js';
import { orderedTree } from '../../shared/tree.js';
import { EXPORT_FORMATS, FORMAT_INFO, type ExportFormat, type ExportJobView, type ExportProgress, type StartExportBody, type StartExportResult } from '../../shared/export.js';
import type { PageView, PaperView } from '../../shared/api.js';
import type { ReleaseView } from '../../shared/releases.js';
import type { PaperSocket } from '../socket.js';
import type { PageExtension, PageContext } from './pageExtensions.js';
import { errorRegion, messageOf } from './forms.js';

/** How often the form asks for a job's state, in case socket progress does not arrive. */
const POLL_MS = 1000;

const exportsPath = (paperId: string) => `/api/papers/${encodeURIComponent(paperId)}/exports`;

export interface ExportFormOptions {
  paperId: string;
  /** The paper's live pages, for the chapter choice and numbers. */
  pages(): PageView[];
  /** The chapter the form starts on (the page screen's page), or null for the whole paper. */
  chapterId: string | null;
  socket: PaperSocket | null;
  announce(message: string): void;
  /** Takes the person to the confidentiality check; without it the refusal links to the overview. */
  showConfidentialityCheck?(): void;
}

/** A labelled radio button in a group. */
function radio(name: string, value: string, label: string, checked: boolean): { el: HTMLElement; input: HTMLInputElement } {
  const id = uniqueId(`${name}-${value}`);
  const input = h('input', { type: 'radio', id, name, value, checked });
  return { el: h('div', { class: 'export-choice' }, input, h('label', { for: id }, label)), input };
}

/** A fieldset of radio buttons with a legend. */
function radioGroup(legend: string, name: string, choices: { value: string; label: string }[], value: string) {
  const radios = choices.map((c) => radio(name, c.value, c.label, c.value === value));
  return {
    el: h('fieldset', { class: 'export-group' }, h('legend', {}, legend), radios.map((r) => r.el)),
    value: () => radios.find((r) => r.input.checked)?.input.value ?? value,
    radios,
  };
}

/** The export form and the state of the job it started. */
export class ExportForm {
  readonly el: HTMLElement;
  private readonly errors = errorRegion();
  private readonly format = radioGroup(
    'Format',
    uniqueId('export-format'),
    EXPORT_FORMATS.map((f) => ({ value: f, label: FORMAT_INFO[f].label })),
    'html',
  );
  private readonly scopeArea = h('div', { class: 'export-scope' });
  private readonly sourceArea = h('div', { class: 'export-source' });
  private readonly chapterSelect: HTMLSelectElement;
  private readonly releaseSelect: HTMLSelectElement;
  private scopeGroup: ReturnType<typeof radioGroup>;
  private sourceGroup: ReturnType<typeof radioGroup> | null = null;
  private readonly startButton = h('button', { type: 'submit' }, 'Start export');
  private readonly progressArea = h('div', { class: 'export-progress', hidden: true });
  private readonly progressBar = h('progress', { max: 1, value: 0 });
  private readonly progressText = h('p', { class: 'export-progress-text', role: 'status' });
  private readonly cancelButton = h('button', { type: 'button' }, 'Cancel export');
  private readonly result = h('div', { class: 'export-result' });
  private job: ExportJobView | null = null;
  private poll: number | undefined;
  private lastSpoken = 0;
  private destroyed = false;
  private readonly onProgress = (event: ExportProgress) => {
    if (this.destroyed) return;
    if (!this.job || event.jobId !== this.job.jobId || this.job.status !== 'running') return;
    // Progress is shown as it comes; an ending is read back from the job (its file name or error).
    if (event.status === 'running') this.update({ ...this.job, done: event.done, of: event.of });
    else void this.refresh();
  };

  constructor(private readonly options: ExportFormOptions) {
    const headingId = uniqueId('export');
    const chapterId = uniqueId('export-chapter');
    this.chapterSelect = h('select', { id: chapterId, name: 'chapter' });
    this.releaseSelect = h('select', { id: uniqueId('export-release'), name: 'release', 'aria-label': 'Release' });
    this.scopeGroup = this.makeScope();
    const progressId = uniqueId('export-progress');
    this.progressBar.id = progressId;
    this.progressArea.append(h('label', { for: progressId }, 'Export progress'), this.progressBar, this.progressText, this.cancelButton);
    this.cancelButton.addEventListener('click', () => void this.cancel());
    const form = h(
      'form',
      { class: 'export-form', 'aria-labelledby': headingId },
      this.format.el,
      this.scopeArea,
      this.sourceArea,
      this.errors.el,
      h('div', { class: 'form-actions' }, this.startButton),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.start();
    });
    this.el = h(
      'section',
      { class: 'export', 'aria-labelledby': headingId },
      h('h2', { id: headingId }, options.chapterId ? 'Export this chapter' : 'Export'),
      h('p', { class: 'hint' }, 'Makes a file of the paper with its cover, contents, numbered headings and contributors. Nothing is fetched from other sites.'),
      form,
      this.progressArea,
      this.result,
    );
    options.socket?.on('export:progress', this.onProgress);
    void this.loadReleases();
  }

  /** The scope choice: the whole paper, or a chapter (this page's, or one picked from the list). */
  private makeScope(): ReturnType<typeof radioGroup> {
    const ordered = orderedTree(this.options.pages());
    const chapter = this.options.chapterId ? ordered.find((o) => o.page.id === this.options.chapterId) : null;
    const choices = [{ value: 'paper', label: 'Whole paper' }];
    if (chapter) choices.push({ value: 'chapter', label: `This chapter: ${chapter.number} ${chapter.page.title}` });
    else if (ordered.length > 0) {
      choices.push({ value: 'chapter', label: 'One chapter' });
      replaceChildren(this.chapterSelect, ...ordered.map(({ page, number, depth }) => h('option', { value: page.id }, `${'\u2003'.repeat(depth - 1)}${number} ${page.title}`)));
    }
    const group = radioGroup('What to export', uniqueId('export-scope'), choices, chapter ? 'chapter' : 'paper');
    if (!chapter && ordered.length > 0) {
      group.el.append(h('div', { class: 'field export-chapter' }, h('label', { for: this.chapterSelect.id }, 'Chapter'), this.chapterSelect));
      const sync = () => (this.chapterSelect.disabled = group.value() !== 'chapter');
      group.radios.forEach((r) => r.input.addEventListener('change', sync));
      sync();
    }
    replaceChildren(this.scopeArea, group.el);
    return group;
  }

  /** Offers releases as a source when the paper has any. */
  private async loadReleases(): Promise<void> {
    let releases: ReleaseView[] = [];
    try {
      releases = (await request<{ releases: ReleaseView[] }>('GET', `/api/papers/${encodeURIComponent(this.options.paperId)}/releases`)).releases;
    } catch {
      releases = [];
    }
    if (this.destroyed || releases.length === 0) return;
    replaceChildren(this.releaseSelect, ...releases.map((r) => h('option', { value: r.id }, r.name)));
    const group = radioGroup(
      'Text',
      uniqueId('export-source'),
      [
        { value: 'live', label: 'The paper as it is now' },
        { value: 'release', label: 'A release' },
      ],
      'live',
    );
    group.el.append(this.releaseSelect);
    const sync = () => (this.releaseSelect.disabled = group.value() !== 'release');
    group.radios.forEach((r) => r.input.addEventListener('change', sync));
    sync();
    this.sourceGroup = group;
    replaceChildren(this.sourceArea, group.el);
  }

  /** The request the form's choices make. */
  private body(): StartExportBody {
    const scope: StartExportBody['scope'] =
      this.scopeGroup.value() === 'chapter' ? { kind: 'chapter', pageId: this.options.chapterId ?? this.chapterSelect.value } : { kind: 'paper' };
    const source: StartExportBody['source'] = this.sourceGroup?.value() === 'release' ? { kind: 'release', releaseId: this.releaseSelect.value } : { kind: 'live' };
    return { format: this.format.value() as ExportFormat, scope, source };
  }

  private async start(): Promise<void> {
    if (this.job?.status === 'running') return;
    this.errors.clear();
    replaceChildren(this.result);
    this.startButton.disabled = true;
    try {
      const { job } = await request<StartExportResult>('POST', exportsPath(this.options.paperId), this.body());
      this.lastSpoken = 0;
      this.progressArea.hidden = false;
      this.update(job);
      this.options.announce('Export started.');
      this.schedulePoll();
    } catch (err) {
      this.startButton.disabled = false;
      this.showRefusal(err);
    }
  }

  /** Shows why the export did not start; the confidentiality check's refusal comes with a way to the check. */
  private showRefusal(err: unknown): void {
    this.errors.show(messageOf(err));
    if (!(err instanceof ApiRequestError) || err.code !== 'confidentiality') return;
    const go = this.options.showConfidentialityCheck;
    const link = go
      ? h('button', { type: 'button', class: 'link-button', onclick: () => go() }, 'Go to the confidentiality check')
      : h('a', { href: `${paperHref(this.options.paperId)}#confidentiality-check` }, 'Go to the confidentiality check on the paper’s overview');
    this.errors.el.append(' ', link);
  }

  private schedulePoll(): void {
    window.clearTimeout(this.poll);
    this.poll = window.setTimeout(() => void this.refresh(), POLL_MS);
  }

  private async refresh(): Promise<void> {
    const job = this.job;
    if (!job || job.status !== 'running' || this.destroyed) return;
    window.clearTimeout(this.poll);
    try {
      const { job: now } = await request<{ job: ExportJobView }>('GET', `${exportsPath(this.options.paperId)}/${encodeURIComponent(job.jobId)}`);
      if (this.job?.jobId === now.jobId) this.update(now);
    } catch (err) {
      this.errors.show(messageOf(err));
      return;
    }
    if (this.job?.status === 'running') this.schedulePoll();
  }

  /** Shows a job's state; when it has just finished, offers (and starts) the download. */
  private update(job: ExportJobView): void {
    const was = this.job?.jobId === job.jobId ? this.job.status : null;
    this.job = job;
    if (job.status === 'running') {
      this.progressBar.max = Math.max(1, job.of);
      this.progressBar.value = job.done;
      const words = job.of > 0 ? `Page ${job.done} of ${job.of}` : 'Starting…';
      // Screen readers hear the words at most every few pages, not on every page.
      if (job.done === 0 || job.done - this.lastSpoken >= Math.max(1, Math.ceil(job.of / 5)) || job.done === job.of) {
        this.progressText.textContent = words;
        this.lastSpoken = job.done;
      }
      this.cancelButton.hidden = false;
      return;
    }
    window.clearTimeout(this.poll);
    this.startButton.disabled = false;
    this.cancelButton.hidden = true;
    if (was !== 'running' && was !== null) return;
    if (job.status === 'done') {
      this.progressBar.max = Math.max(1, job.of);
      this.progressBar.value = job.of;
      this.progressText.textContent = 'Export finished.';
      const link = h('a', { href: `${exportsPath(this.options.paperId)}/${encodeURIComponent(job.jobId)}/download`, download: job.fileName ?? '' }, `Download ${job.fileName ?? 'the file'}`);
      replaceChildren(this.result, h('p', {}, link));
      // The file downloads by itself; the link stays for a second copy (for 10 minutes).
      link.click();
    } else {
      this.progressArea.hidden = job.status === 'cancelled';
      this.progressText.textContent = job.status === 'cancelled' ? 'Export cancelled.' : (job.error ?? 'The export failed.');
      replaceChildren(this.result, h('p', { role: 'status' }, job.status === 'cancelled' ? 'Export cancelled.' : (job.error ?? 'The export failed.')));
    }
  }

  private async cancel(): Promise<void> {
    const job = this.job;
    if (!job || job.status !== 'running') return;
    try {
      const { job: now } = await request<{ job: ExportJobView }>('DELETE', `${exportsPath(this.options.paperId)}/${encodeURIComponent(job.jobId)}`);
      this.update(now);
      this.startButton.focus();
    } catch (err) {
      this.errors.show(messageOf(err));
    }
  }

  /** The paper's pages changed: rebuild the chapter choice (a page form keeps its chapter). */
  setPages(): void {
    if (!this.options.chapterId) this.scopeGroup = this.makeScope();
  }

  destroy(): void {
    this.destroyed = true;
    window.clearTimeout(this.poll);
    this.options.socket?.off('export:progress', this.onProgress);
  }
}

/** The overview's Export section, for those who may export. */
export function exportSection(paper: PaperView, options: Omit<ExportFormOptions, 'chapterId' | 'paperId'>): ExportForm | null {
  return can(paper.role, 'paper.export', paper) ? new ExportForm({ ...options, paperId: paper.id, chapterId: null }) : null;
}

/** "Export this chapter" in the page tools: opens the export form for this page and those under it. */
export function exportExtension(ctx: PageContext): PageExtension {
  if (!can(ctx.paper.role, 'paper.export', ctx.paper)) return {};
  let form: ExportForm | null = null;
  const button = h('button', { type: 'button', class: 'export-chapter-button', 'aria-expanded': 'false' }, 'Export this chapter');
  const socket = {
    on: (event: 'export:progress', handler: (e: ExportProgress) => void) => ctx.onLive(event, handler),
    off: () => undefined,
  } as unknown as PaperSocket;
  const close = () => {
    if (form) ctx.closePanel(form.el);
    form?.destroy();
    form = null;
    button.setAttribute('aria-expanded', 'false');
  };
  button.addEventListener('click', () => {
    if (form && form.el.isConnected) {
      close();
      return;
    }
    form?.destroy();
    form = new ExportForm({ paperId: ctx.paper.id, pages: () => ctx.pages(), chapterId: ctx.pageId, socket, announce: (m) => ctx.announce(m) });
    ctx.showPanel(form.el, 'Export', () => button.setAttribute('aria-expanded', 'false'));
    button.setAttribute('aria-expanded', 'true');
    const heading = form.el.querySelector('h2');
    heading?.setAttribute('tabindex', '-1');
    heading?.focus();
  });
  return { tools: button, destroy: () => form?.destroy() };
}
