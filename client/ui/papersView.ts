/** The signed-in home: my papers and a form to create one. */
import { h, replaceChildren } from '../dom.js';
import { api } from '../api.js';
import { paperHref } from '../router.js';
import { limits } from '../../shared/limits.js';
import type { PaperView } from '../../shared/api.js';
import { errorRegion, field, messageOf, onSubmit } from './forms.js';
import { startFromField } from './templates.js';
import type { View } from './view.js';

/** Lists the signed-in person's papers; `open` is called with a new paper's path. */
export function papersView(open: (path: string) => void): View {
  const list = h('div', { class: 'papers-list', 'aria-live': 'polite', 'aria-busy': 'true' }, h('p', {}, 'Loading your papers…'));
  let destroyed = false;

  const render = (papers: PaperView[]) => {
    list.removeAttribute('aria-busy');
    if (papers.length === 0) {
      replaceChildren(list, h('p', {}, 'You are not in any paper yet. Create one below, or ask an editor to add you.'));
      return;
    }
    replaceChildren(
      list,
      h(
        'ul',
        { class: 'papers' },
        papers.map((p) =>
          h(
            'li',
            {},
            h('a', { href: paperHref(p.id), class: 'paper-link' }, p.title),
            p.subtitle ? h('span', { class: 'subtitle' }, p.subtitle) : null,
            h('span', { class: 'role-tag' }, p.role),
          ),
        ),
      ),
    );
  };
  api
    .papers()
    .then(({ papers }) => !destroyed && render(papers))
    .catch((err) => {
      if (destroyed) return;
      list.removeAttribute('aria-busy');
      replaceChildren(list, h('p', { role: 'alert' }, messageOf(err)));
    });

  const errors = errorRegion();
  const title = field('Title', { name: 'title', required: true, maxlength: limits.paperTitleChars });
  const subtitle = field('Subtitle', { name: 'subtitle', maxlength: limits.paperSubtitleChars, hint: 'Optional, e.g. "A briefing paper from the spring masterclass".' });
  const startFrom = startFromField();
  const form = h(
    'form',
    { class: 'card create-paper', 'aria-labelledby': 'create-paper-heading', novalidate: true },
    h('h2', { id: 'create-paper-heading' }, 'Create paper'),
    title.el,
    subtitle.el,
    startFrom.el,
    errors.el,
    h('button', { type: 'submit', class: 'primary' }, 'Create paper'),
  );
  onSubmit(form, errors, async () => {
    const { paper } = await api.createPaper({ title: title.input.value, subtitle: subtitle.input.value, templateId: startFrom.value() });
    open(paperHref(paper.id));
  });

  const el = h('div', { class: 'home' }, h('section', { 'aria-labelledby': 'papers-heading' }, h('h1', { id: 'papers-heading' }, 'My papers'), list), form);
  return {
    el,
    destroy: () => {
      destroyed = true;
    },
  };
}
