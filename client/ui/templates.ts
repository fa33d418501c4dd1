/**
 * Templates in the browser: the "Start from" choice of the create-paper form (a blank paper, the
 * built-in briefing paper, or a saved template), and the "Templates" section of a paper's overview
 * for its editors: save this paper's structure as a template, and rename or delete the templates
 * one saved oneself. Names are checked with the server's rule before sending; the server's
 * sentence is shown beside the form when it refuses.
 */
import { h, replaceChildren, uniqueId } from '../dom.js';
import { request } from '../api.js';
import { templateName, TEMPLATE_LIMITS, type TemplateSummary, type TemplateView } from '../../shared/templates.js';
import { errorRegion, messageOf } from './forms.js';

export const templatesApi = {
  list: () => request<{ templates: TemplateSummary[] }>('GET', '/api/templates'),
  get: (id: string) => request<{ template: TemplateView }>('GET', `/api/templates/${encodeURIComponent(id)}`),
  saveFromPaper: (paperId: string, name: string) => request<{ template: TemplateSummary }>('POST', `/api/papers/${encodeURIComponent(paperId)}/save-as-template`, { name }),
  updateFromPaper: (paperId: string, id: string) => request<{ template: TemplateSummary }>('PUT', `/api/papers/${encodeURIComponent(paperId)}/templates/${encodeURIComponent(id)}`),
  rename: (id: string, name: string) => request<{ template: TemplateSummary }>('PATCH', `/api/templates/${encodeURIComponent(id)}`, { name }),
  remove: (id: string) => request<void>('DELETE', `/api/templates/${encodeURIComponent(id)}`),
};

/** The option label of a template: the built-in one says what it makes. */
const optionLabel = (t: TemplateSummary) => (t.builtIn ? `${t.name} (chapters with guidance)` : `${t.name} (${t.pageCount} ${t.pageCount === 1 ? 'page' : 'pages'}, saved by ${t.createdBy?.name ?? 'a former member'})`);

/** The name's problem by the server's rule, or null. */
function nameProblem(name: string): string | null {
  const result = templateName.safeParse(name);
  return result.success ? null : (result.error.issues[0]?.message ?? 'Check the template name.');
}

/** A labelled "Start from" <select>: "Blank paper" until the templates arrive, then every template. */
export function startFromField(): { el: HTMLElement; value(): string | null } {
  const id = uniqueId('start-from');
  const hintId = `${id}-hint`;
  const select = h('select', { id, name: 'templateId', 'aria-describedby': hintId }, h('option', { value: '' }, 'Blank paper'));
  const hint = h('p', { id: hintId, class: 'hint' }, 'A template makes the chapters for you, each with a note on what belongs in it.');
  templatesApi.list().then(
    ({ templates }) => {
      const chosen = select.value;
      replaceChildren(select, h('option', { value: '' }, 'Blank paper'), templates.map((t) => h('option', { value: t.id }, optionLabel(t))));
      select.value = chosen;
    },
    () => {
      hint.textContent = 'Templates could not be loaded; you can still create a blank paper.';
    },
  );
  return { el: h('div', { class: 'field' }, h('label', { for: id }, 'Start from'), hint, select), value: () => select.value || null };
}

/**
 * The overview's "Templates" section for editors: a form to save this paper's structure as a
 * template, and the list of templates this person saved, each with Rename and Delete.
 */
export class TemplatesSection {
  readonly el: HTMLElement;
  private readonly list = h('div', { class: 'templates-list' });
  private readonly errors = errorRegion();
  private readonly listErrors = errorRegion();
  private mine: TemplateSummary[] = [];
  private editing: string | null = null;
  private confirming: string | null = null;
  private destroyed = false;

  constructor(
    private readonly paperId: string,
    private readonly announce: (message: string) => void,
  ) {
    const headingId = uniqueId('templates');
    const nameId = uniqueId('template-name');
    const hintId = `${nameId}-hint`;
    const name = h('input', { id: nameId, type: 'text', name: 'name', required: true, maxlength: TEMPLATE_LIMITS.nameChars * 2, 'aria-describedby': hintId });
    const form = h(
      'form',
      { class: 'template-save', novalidate: true },
      h('div', { class: 'field' }, h('label', { for: nameId }, 'Template name'), h('p', { id: hintId, class: 'hint' }, 'Saves the page titles, their order and the current text of every page. Everyone signed in to Quire can start a paper from it, so leave nothing confidential in the text.'), name),
      this.errors.el,
      h('button', { type: 'submit' }, 'Save structure as template'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const problem = nameProblem(name.value);
      if (problem) {
        this.errors.show(problem);
        name.setAttribute('aria-invalid', 'true');
        name.focus();
        return;
      }
      name.removeAttribute('aria-invalid');
      void this.run(form, this.errors, async () => {
        const { template } = await templatesApi.saveFromPaper(this.paperId, name.value);
        name.value = '';
        return `Saved the template '${template.name}' with ${template.pageCount} ${template.pageCount === 1 ? 'page' : 'pages'}.`;
      });
    });
    this.el = h(
      'section',
      { class: 'templates-admin', 'aria-labelledby': headingId },
      h('h2', { id: headingId }, 'Templates'),
      form,
      h('h3', {}, 'Templates you saved'),
      this.listErrors.el,
      this.list,
    );
    void this.refresh();
  }

  destroy(): void {
    this.destroyed = true;
  }

  /** Re-reads the templates and shows the ones this person saved. */
  async refresh(): Promise<void> {
    try {
      const { templates } = await templatesApi.list();
      if (this.destroyed) return;
      this.mine = templates.filter((t) => t.mayChange);
      this.render();
    } catch (err) {
      if (!this.destroyed) this.listErrors.show(messageOf(err));
    }
  }

  private async run(form: HTMLElement | null, errors: ReturnType<typeof errorRegion>, work: () => Promise<string>) {
    errors.clear();
    form?.setAttribute('aria-busy', 'true');
    try {
      const message = await work();
      this.editing = null;
      this.confirming = null;
      await this.refresh();
      this.announce(message);
    } catch (err) {
      errors.show(messageOf(err));
    } finally {
      form?.removeAttribute('aria-busy');
    }
  }

  private render() {
    if (!this.mine.length) {
      replaceChildren(this.list, h('p', { class: 'empty' }, 'You have not saved any templates yet.'));
      return;
    }
    replaceChildren(this.list, h('ul', { class: 'templates' }, this.mine.map((t) => h('li', { 'data-template': t.id }, this.row(t)))));
    this.list.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }

  private row(t: TemplateSummary): HTMLElement {
    if (this.editing === t.id) return this.renameForm(t);
    if (this.confirming === t.id) {
      const question = `Delete the template '${t.name}'? Papers made from it keep their pages.`;
      return h(
        'span',
        { class: 'templates-form', role: 'group', 'aria-label': question },
        h('span', {}, question, ' '),
        h('button', { type: 'button', class: 'small danger', 'data-autofocus': '', onclick: () => void this.run(null, this.listErrors, async () => (await templatesApi.remove(t.id), `Deleted the template '${t.name}'.`)) }, 'Delete'),
        h('button', { type: 'button', class: 'small', onclick: () => this.open(null, null, t.id) }, 'Cancel'),
      );
    }
    return h(
      'span',
      { class: 'templates-row' },
      h('span', { class: 'template-name' }, t.name),
      h('span', { class: 'hint' }, ` ${t.pageCount} ${t.pageCount === 1 ? 'page' : 'pages'} `),
      h(
        'button',
        {
          type: 'button',
          class: 'small',
          'aria-label': `Update template ${t.name} from this paper`,
          title: "Replace the template's pages and text with this paper's",
          onclick: () => void this.run(null, this.listErrors, async () => `Updated the template '${t.name}' from this paper (${(await templatesApi.updateFromPaper(this.paperId, t.id)).template.pageCount} pages).`),
        },
        'Update from this paper',
      ),
      h('button', { type: 'button', class: 'small', 'aria-label': `Rename template ${t.name}`, onclick: () => this.open(t.id, null) }, 'Rename'),
      h('button', { type: 'button', class: 'small danger', 'aria-label': `Delete template ${t.name}`, onclick: () => this.open(null, t.id) }, 'Delete'),
    );
  }

  private open(editing: string | null, confirming: string | null, focusId?: string) {
    this.editing = editing;
    this.confirming = confirming;
    this.listErrors.clear();
    this.render();
    if (focusId) this.list.querySelector<HTMLElement>(`[data-template="${CSS.escape(focusId)}"] button`)?.focus();
  }

  private renameForm(t: TemplateSummary): HTMLElement {
    const id = uniqueId('template-rename');
    const input = h('input', { id, type: 'text', required: true, maxlength: TEMPLATE_LIMITS.nameChars * 2, value: t.name, 'data-autofocus': '' });
    const form = h(
      'form',
      { class: 'templates-form', novalidate: true },
      h('label', { for: id }, `New name for ${t.name}`),
      input,
      h('button', { type: 'submit', class: 'small primary' }, 'Save name'),
      h('button', { type: 'button', class: 'small', onclick: () => this.open(null, null, t.id) }, 'Cancel'),
    );
    input.addEventListener('keydown', (e) => e.key === 'Escape' && this.open(null, null, t.id));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const problem = nameProblem(input.value);
      if (problem) {
        this.listErrors.show(problem);
        input.focus();
        return;
      }
      void this.run(form, this.listErrors, async () => `Renamed the template to '${(await templatesApi.rename(t.id, input.value)).template.name}'.`);
    });
    return form;
  }
}
