/**
 * The built-in "Briefing paper" template: the usual chapter skeleton of a health and social care
 * briefing paper, each chapter opening with a short note (a blockquote in italics) saying what
 * belongs there, then an empty paragraph to start writing in. It lives in code, not in the
 * database, so it is always there and nobody can change it; people save a copy of it instead.
 */
import type { DocJSON } from '../../shared/schema.js';
import { BRIEFING_TEMPLATE_ID, type TemplatePage } from '../../shared/templates.js';

/** A page body: the guidance paragraphs in an italic blockquote, then an empty paragraph for the author. */
export function guidanceDoc(paragraphs: readonly string[]): DocJSON {
  return {
    type: 'doc',
    content: [
      { type: 'blockquote', content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text, marks: [{ type: 'italic' }] }] })) },
      { type: 'paragraph' },
    ],
  };
}

const chapter = (title: string, ...guidance: string[]): TemplatePage => ({ title, depth: 1, doc: guidanceDoc(guidance) });

export const BRIEFING_TEMPLATE = {
  id: BRIEFING_TEMPLATE_ID,
  name: 'Briefing paper',
  pages: [
    chapter(
      'Introduction',
      'Set out the question this paper answers, why it matters now, and who it is for: commissioners, practitioners, managers, or people who use services and their carers.',
      'Say briefly how the paper came about (for example the masterclass it follows) and what each chapter covers.',
    ),
    chapter(
      'Definitions',
      'Define the terms, abbreviations and services this paper relies on, so that readers from health and from social care read them the same way.',
      'Where a term is used differently in law, policy or practice, say which meaning this paper takes.',
    ),
    chapter(
      'Current position',
      'Describe how things stand today: the policy and legal framework, how services are organised and funded, and what people who use them experience.',
      'Name the gaps and pressures this paper responds to, and cite your sources.',
    ),
    chapter(
      'Evidence and practice',
      'Summarise the research evidence and examples of good practice, including what has not worked. Say how strong each piece of evidence is and where it comes from.',
      'Never include anything that could identify a patient or service user.',
    ),
    chapter(
      'Recommendations',
      'State each recommendation as an action: what should be done, by whom (commissioners, providers, professional bodies, government) and by when.',
      'Link each one to the evidence in the chapters before it.',
    ),
    chapter('Conclusion', 'Draw the paper together in a few paragraphs: the answer to the question in the introduction, and what should happen next.', 'Bring in nothing new here.'),
    chapter('References', 'List every source cited in the paper, in one consistent style (for example Harvard), with web addresses and the date each was accessed.'),
  ] satisfies TemplatePage[],
} as const;
