/**
 * The page's labels in its header: a list of chips, each with a labelled remove button, and an
 * "Add label" field suggesting the paper's labels as you type (authors and editors). The paper's
 * labels are re-read on 'labels:changed'; the page's own arrive with the tree ('tree:changed').
 */
import { h, replaceChildren } from '../dom.js';
import { can } from '../../shared/permissions.js';
import { labelKey, labelProblem, normaliseLabel, type LabelView } from '../../shared/labels.js';
import type { PageView } from '../../shared/api.js';
import { errorRegion, messageOf } from './forms.js';
import { labelsApi } from './labelsApi.js';
import { LabelCombobox } from './labelCombobox.js';
import type { PageExtensionFactory } from './pageExtensions.js';

/** The labels part of the page header. */
export const labelsExtension: PageExtensionFactory = (ctx) => {
  const paperId = ctx.paper.id;
  const mayEdit = can(ctx.paper.role, 'label.edit');
  let paperLabels: LabelView[] = [];
  let page: PageView | null = ctx.page();
  let destroyed = false;
  let shownFor: string | null = null;

  const list = h('ul', { class: 'label-chips', 'aria-label': 'Labels of this page' });
  const empty = h('p', { class: 'label-empty' }, 'No labels.');
  const errors = errorRegion();
  const combo = mayEdit
    ? new LabelCombobox({
        label: 'Add label',
        suggestions: () => {
          const mine = new Set((page?.labels ?? []).map(labelKey));
          return paperLabels.map((l) => l.name).filter((name) => !mine.has(labelKey(name)));
        },
        onChoose: add,
      })
    : null;
  const el = h('section', { class: 'page-labels', 'aria-label': 'Labels' }, h('span', { class: 'page-labels-heading', 'aria-hidden': 'true' }, 'Labels:'), list, empty, combo?.el, errors.el);

  async function reload() {
    try {
      const { labels } = await labelsApi.labels(paperId);
      if (destroyed) return;
      paperLabels = labels;
      combo?.refresh();
    } catch {
      /* Suggestions are a convenience: the field still takes typed labels. */
    }
  }

  async function add(name: string): Promise<boolean> {
    errors.clear();
    // The same rule the server applies, said at once.
    const problem = labelProblem(normaliseLabel(name));
    if (problem) {
      errors.show(problem);
      return false;
    }
    try {
      const result = await labelsApi.addLabel(paperId, ctx.pageId, name);
      page = result.page;
      render();
      ctx.announce(`Added the label '${result.label.name}'.`);
      return true;
    } catch (err) {
      errors.show(messageOf(err));
      return false;
    }
  }

  async function remove(name: string) {
    errors.clear();
    try {
      let label = paperLabels.find((l) => labelKey(l.name) === labelKey(name));
      if (!label) {
        await reload();
        label = paperLabels.find((l) => labelKey(l.name) === labelKey(name));
      }
      if (!label) throw new Error('unknown label');
      const result = await labelsApi.removeLabel(paperId, ctx.pageId, label.id);
      page = result.page;
      render();
      ctx.announce(`Removed the label '${name}'.`);
      combo?.input.focus();
    } catch (err) {
      errors.show(messageOf(err));
    }
  }

  function render() {
    const labels = page?.labels ?? [];
    empty.hidden = labels.length > 0 || !page;
    list.hidden = labels.length === 0;
    // Rebuilt only when the labels change, so keyboard focus on a remove button stays put.
    const key = JSON.stringify(labels);
    if (key === shownFor) return;
    shownFor = key;
    replaceChildren(
      list,
      labels.map((name) =>
        h(
          'li',
          { class: 'label-chip' },
          h('span', { class: 'label-name' }, name),
          mayEdit ? h('button', { type: 'button', class: 'label-remove', 'aria-label': `Remove label ${name}`, title: 'Remove label', onclick: () => void remove(name) }, '×') : null,
        ),
      ),
    );
  }

  ctx.onLive('labels:changed', ({ paperId: changed }) => {
    if (changed === paperId) void reload();
  });
  render();
  void reload();

  return {
    header: el,
    pageChanged(fresh) {
      page = fresh;
      render();
    },
    destroy() {
      destroyed = true;
    },
  };
};
