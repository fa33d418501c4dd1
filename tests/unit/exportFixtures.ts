/** Small ExportDocuments for the export writers' unit tests. */
import type { ExportDocument, ExportSection } from '../../server/export/document.js';

export const text = (t: string, marks?: unknown[]) => ({ type: 'text', text: t, ...(marks ? { marks } : {}) });
export const para = (...content: unknown[]) => ({ type: 'paragraph', content: content.map((c) => (typeof c === 'string' ? text(c) : c)) });
export const heading = (level: number, t: string) => ({ type: 'heading', attrs: { level }, content: [text(t)] });
export const cell = (t: string, type = 'table_cell') => ({ type, content: [para(t)] });
export const row = (...cells: unknown[]) => ({ type: 'table_row', content: cells });
export const link = (href: string) => ({ type: 'link', attrs: { href, title: null } });
export const item = (...content: unknown[]) => ({ type: 'list_item', content });
export const bullets = (...items: unknown[]) => ({ type: 'bullet_list', content: items });
export const numbered = (order: number, ...items: unknown[]) => ({ type: 'ordered_list', attrs: { order }, content: items });

/** A section with these blocks as its body. */
export function section(number: string | null, title: string, depth: number, blocks: unknown[], references = false): ExportSection {
  return {
    pageId: `page-${title}`,
    number,
    title,
    depth,
    anchor: number ? `s-${number.replace(/\./g, '-')}` : 'references',
    references,
    body: { type: 'doc', content: blocks.length ? blocks : [{ type: 'paragraph' }] },
  };
}

/** A document of these sections with a full cover. */
export function documentOf(sections: ExportSection[], cover: Partial<ExportDocument['cover']> = {}, images: ExportDocument['images'] = {}): ExportDocument {
  return {
    cover: {
      title: 'Discharge planning',
      subtitle: 'A briefing for ward managers',
      organisation: 'Northern Trust',
      date: '2026-03-31',
      editedBy: 'Dr Jane Smith',
      keyPoints: ['Plan early', 'Talk to families'],
      acknowledgements: ['With thanks to the ward team.'],
      edition: 'Whole paper, live text',
      ...cover,
    },
    sections,
    contributors: sections.filter((s) => s.depth === 1).map((s) => ({ number: s.number, title: s.title, anchor: s.anchor, names: ['Ada Author'] })),
    images,
  };
}
