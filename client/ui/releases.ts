/**
 * The "Releases" section of a paper's overview. Editors freeze a release with a name; while pages
 * are not approved the form says how many and asks for a reason (a required textarea) before it
 * submits, and when the confidentiality check stops the release it shows the server's sentence
 * with a link to the check. Everyone sees the releases, newest first, opens one read-only
 * (releaseReader.ts) and compares two (releaseCompare.ts). The list follows 'releases:changed'.
 */
import { h, replaceChildren, uniqueId } from '../dom.js';
import { ApiRequestError } from '../api.js';
import type { PageView } from '../../shared/api.js';
import { RELEASE_NAME_CHARS, RELEASE_REASON_CHARS, type ReleaseView } from '../../shared/releases.js';
import type { PaperSocket } from '../socket.js';
import { errorRegion, field, messageOf, onSubmit } from './forms.js';
import { timeElement } from './history/revisionText.js';
import { ReleaseCompare } from './releaseCompare.js';
import { ReleaseReader } from './releaseReader.js';
import { releasesApi } from './releasesApi.js';

export interface ReleasesSectionOptions {
  paperId: string;
  /** Whether this person may freeze releases (editors: paper.release). */
  canRelease: boolean;
  /** The paper's live pages now, to count those not approved. */
  pages(): PageView[];
  socket: PaperSocket | null;
  announce(message: string): void;
  /** Takes the person to the confidentiality check section. */
  showConfidentialityCheck(): void;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The overview's Releases section: the freeze form for editors, the list, one open release and the comparison. */
export class ReleasesSection {
  readonly el: HTMLElement;
  private readonly api;
  private readonly list = h('ul', { class: 'release-list' });
  private readonly listStatus = h('p', { class: 'hint' });
  private readonly reader = h('div', { class: 'release-reader-area' });
  private readonly compare: ReleaseCompare;
  private readonly form: HTMLFormElement | null = null;
  private readonly reasonArea = h('div', { class: 'release-reason' });
  private readonly reasonInput: HTMLTextAreaElement;
  private readonly notApprovedText = h('p', { class: 'release-not-approved' });
  private readonly errors = errorRegion();
  private open: ReleaseReader | null = null;
  private destroyed = false;
  private readonly onChanged = ({ paperId }: { paperId: string }) => {
    if (paperId === this.options.paperId) void this.refresh();
  };

  constructor(private readonly options: ReleasesSectionOptions) {
    this.api = releasesApi(options.paperId);
    this.compare = new ReleaseCompare(options.paperId, this.api);
    const headingId = uniqueId('releases');
    const reasonId = uniqueId('release-reason');
    this.reasonInput = h('textarea', { id: reasonId, name: 'reason', rows: 3, maxlength: RELEASE_REASON_CHARS, 'aria-describedby': `${reasonId}-why` });
    replaceChildren(this.reasonArea, h('label', { for: reasonId }, 'Reason for releasing before they are approved'), this.notApprovedText, this.reasonInput);
    this.notApprovedText.id = `${reasonId}-why`;
    if (options.canRelease) this.form = this.freezeForm();
    this.el = h(
      'section',
      { class: 'releases', 'aria-labelledby': headingId },
      h('h2', { id: headingId }, 'Releases'),
      h('p', { class: 'hint' }, 'A release freezes every page’s text, title and place under a name, to export or compare later exactly as it was.'),
      this.form,
      this.listStatus,
      this.list,
      this.reader,
      this.compare.el,
    );
    this.compare.el.hidden = true;
    options.socket?.on('releases:changed', this.onChanged);
    this.updateNotApproved();
    void this.refresh();
  }

  /** The paper's pages changed: recount those not approved. */
  setPages(): void {
    this.updateNotApproved();
  }

  destroy(): void {
    this.destroyed = true;
    this.options.socket?.off('releases:changed', this.onChanged);
    this.open?.destroy();
    this.compare.destroy();
  }

  /** Reads the list of releases again. */
  async refresh(): Promise<void> {
    try {
      const { releases } = await this.api.list();
      if (this.destroyed) return;
      this.showList(releases);
    } catch (err) {
      if (!this.destroyed) this.listStatus.textContent = messageOf(err);
    }
  }

  private notApproved(): number {
    return this.options.pages().filter((p) => p.status !== 'approved').length;
  }

  private updateNotApproved() {
    const n = this.notApproved();
    this.reasonArea.hidden = n === 0;
    this.reasonInput.required = n > 0;
    this.notApprovedText.textContent = `${plural(n, 'page is', 'pages are')} not approved. Say why the paper is released before ${n === 1 ? 'it is' : 'they are'}; the reason goes into the audit trail.`;
  }

  private freezeForm(): HTMLFormElement {
    const name = field('Release name', { name: 'name', required: true, maxlength: RELEASE_NAME_CHARS, hint: 'For example “v1.0 for consultation”.' });
    const form = h(
      'form',
      { class: 'release-form', 'aria-label': 'Freeze a release' },
      h('h3', {}, 'Freeze a release'),
      name.el,
      this.reasonArea,
      h('button', { type: 'submit', class: 'primary' }, 'Freeze release'),
      this.errors.el,
    );
    onSubmit(form, this.errors, async () => {
      const reason = this.notApproved() > 0 ? this.reasonInput.value.trim() : '';
      try {
        const { release } = await this.api.freeze(name.input.value, reason || undefined);
        name.input.value = '';
        this.reasonInput.value = '';
        this.options.announce(`Release “${release.name}” frozen: ${plural(release.pages, 'page', 'pages')}.`);
        await this.refresh();
      } catch (err) {
        if (err instanceof ApiRequestError && err.code === 'confidentiality') {
          this.showGateRefusal(err.message);
          return;
        }
        throw err;
      }
    });
    return form;
  }

  /** The confidentiality check stopped the release: its sentence and a link to the check. */
  private showGateRefusal(message: string) {
    const link = h('a', { href: '#confidentiality-check' }, 'Go to the confidentiality check');
    link.addEventListener('click', (event) => {
      event.preventDefault();
      this.options.showConfidentialityCheck();
    });
    replaceChildren(this.errors.el, message, ' ', link);
  }

  private showList(releases: ReleaseView[]) {
    this.listStatus.textContent = releases.length ? '' : 'No release yet.';
    replaceChildren(
      this.list,
      releases.map((release) =>
        h(
          'li',
          {},
          h('strong', {}, release.name),
          ' · frozen by ',
          release.createdBy.name,
          ' ',
          timeElement(release.createdAt),
          ` · ${plural(release.pages, 'page', 'pages')}`,
          release.notApproved ? ` · ${release.notApproved} not approved: ` : '',
          release.notApproved && release.reason ? h('q', {}, release.reason) : null,
          ' ',
          h('button', { type: 'button', class: 'small', 'aria-label': `Open release ${release.name}`, onclick: () => void this.openRelease(release) }, 'Open'),
        ),
      ),
    );
    this.compare.setReleases(releases);
  }

  private async openRelease(release: ReleaseView) {
    try {
      const detail = await this.api.open(release.id);
      if (this.destroyed) return;
      this.open?.destroy();
      this.open = new ReleaseReader(this.api, detail, () => this.closeRelease());
      replaceChildren(this.reader, this.open.el);
      this.open.focus();
    } catch (err) {
      this.options.announce(messageOf(err));
    }
  }

  private closeRelease() {
    this.open?.destroy();
    this.open = null;
    replaceChildren(this.reader);
    this.list.querySelector<HTMLElement>('button')?.focus();
  }
}
