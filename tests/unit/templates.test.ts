/**
 * Templates as data: the tree a flat template list makes (parents, positions, section numbers),
 * the lists that cannot be a tree, and the built-in briefing paper's guidance, which must be a
 * valid page in the one schema and become a page's first Yjs state.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { schema } from '../../shared/schema.js';
import { FRAGMENT_NAME } from '../../shared/collab.js';
import { limits } from '../../shared/limits.js';
import { docPlainText, planTemplatePages, templateNameBody } from '../../shared/templates.js';
import { BRIEFING_TEMPLATE, guidanceDoc } from '../../server/domain/briefingTemplate.js';
import { initialPageState } from '../../server/collab/initialState.js';
import { pageDocOfState } from '../../server/history/pageText.js';

describe('planTemplatePages', () => {
  it('numbers chapters and their sections as the tree will', () => {
    const plan = planTemplatePages([{ depth: 1 }, { depth: 2 }, { depth: 2 }, { depth: 3 }, { depth: 1 }, { depth: 2 }]);
    expect(plan.map((p) => p.number)).toEqual(['1', '1.1', '1.2', '1.2.1', '2', '2.1']);
    expect(plan.map((p) => p.parentIndex)).toEqual([null, 0, 0, 2, null, 4]);
    expect(plan.map((p) => p.position)).toEqual([0, 0, 1, 0, 1, 0]);
  });

  it('climbs back more than one level at once', () => {
    expect(planTemplatePages([{ depth: 1 }, { depth: 2 }, { depth: 3 }, { depth: 1 }]).map((p) => [p.number, p.parentIndex])).toEqual([
      ['1', null],
      ['1.1', 0],
      ['1.1.1', 1],
      ['2', null],
    ]);
  });

  it('refuses lists that cannot be a tree', () => {
    expect(() => planTemplatePages([{ depth: 2 }])).toThrow(RangeError);
    expect(() => planTemplatePages([{ depth: 1 }, { depth: 3 }])).toThrow('is at depth 3 but the page before it is at depth 1');
    expect(() => planTemplatePages([{ depth: 0 }])).toThrow(RangeError);
    expect(() => planTemplatePages([{ depth: 1.5 }])).toThrow(RangeError);
    const tooDeep = Array.from({ length: limits.treeDepth + 1 }, (_, i) => ({ depth: i + 1 }));
    expect(() => planTemplatePages(tooDeep)).toThrow(`depths run from 1 to ${limits.treeDepth}`);
    expect(planTemplatePages([])).toEqual([]);
  });
});

describe('the built-in briefing paper', () => {
  it('has the usual chapters in order, all at the top level', () => {
    expect(BRIEFING_TEMPLATE.pages.map((p) => p.title)).toEqual(['Introduction', 'Definitions', 'Current position', 'Evidence and practice', 'Recommendations', 'Conclusion', 'References']);
    expect(planTemplatePages(BRIEFING_TEMPLATE.pages).map((p) => p.number)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  });

  it('gives every chapter guidance that is a valid page and survives the trip through Yjs', () => {
    for (const page of BRIEFING_TEMPLATE.pages) {
      const node = schema.nodeFromJSON(page.doc);
      node.check();
      expect(node.firstChild!.type.name).toBe('blockquote');
      node.firstChild!.descendants((child) => {
        if (child.isText) expect(child.marks.map((m) => m.type.name)).toEqual(['italic']);
      });
      const text = docPlainText(page.doc);
      expect(text.length).toBeGreaterThan(40);
      expect(text.length).toBeLessThan(600);
      // The first state made on the server reads back as the same document.
      const back = pageDocOfState(initialPageState(page.doc));
      expect(back.toJSON()).toEqual(node.toJSON());
      const doc = new Y.Doc();
      Y.applyUpdate(doc, initialPageState(page.doc));
      expect(doc.getXmlFragment(FRAGMENT_NAME).toString()).toContain('<blockquote>');
    }
  });

  it('writes guidance as paragraphs in an italic blockquote, then room to write', () => {
    expect(guidanceDoc(['One.', 'Two.'])).toEqual({
      type: 'doc',
      content: [
        {
          type: 'blockquote',
          content: [
            { type: 'paragraph', content: [{ type: 'text', text: 'One.', marks: [{ type: 'italic' }] }] },
            { type: 'paragraph', content: [{ type: 'text', text: 'Two.', marks: [{ type: 'italic' }] }] },
          ],
        },
        { type: 'paragraph' },
      ],
    });
  });
});

describe('template names and text', () => {
  it('checks names with sentences', () => {
    expect(templateNameBody.safeParse({ name: '' }).error?.issues[0].message).toBe('Template name is required.');
    expect(templateNameBody.safeParse({ name: 'n'.repeat(81) }).error?.issues[0].message).toBe('Template name must be at most 80 characters.');
    expect(templateNameBody.parse({ name: '  Rapid\treview ' }).name).toBe('Rapid review');
  });

  it('reads plain text across blocks, for previews', () => {
    expect(docPlainText({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Hello ' }, { type: 'text', text: 'there', marks: [{ type: 'bold' }] }] }, { type: 'paragraph', content: [{ type: 'text', text: 'Next.' }] }] })).toBe(
      'Hello there Next.',
    );
    expect(docPlainText({ type: 'doc', content: [{ type: 'paragraph' }] })).toBe('');
  });
});
