import { describe, expect, it } from 'vitest';
import { Node } from 'prosemirror-model';
import { schema, safeHref, EMPTY_DOC } from '../../shared/schema.js';
import { initialPageState } from '../../server/collab/initialState.js';
import * as Y from 'yjs';
import { yDocToProsemirrorJSON } from 'y-prosemirror';
import { FRAGMENT_NAME } from '../../shared/collab.js';

describe('the page schema', () => {
  it('holds every block the editor offers', () => {
    const doc = Node.fromJSON(schema, {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Scope' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'bold', marks: [{ type: 'bold' }, { type: 'italic' }, { type: 'underline' }, { type: 'strike' }] }, { type: 'hard_break' }] },
        { type: 'bullet_list', content: [{ type: 'list_item', content: [{ type: 'paragraph' }] }] },
        { type: 'ordered_list', attrs: { order: 3 }, content: [{ type: 'list_item', content: [{ type: 'paragraph' }] }] },
        { type: 'blockquote', content: [{ type: 'paragraph' }] },
        { type: 'horizontal_rule' },
        { type: 'table', content: [{ type: 'table_row', content: [{ type: 'table_header', content: [{ type: 'paragraph' }] }, { type: 'table_cell', content: [{ type: 'paragraph' }] }] }] },
      ],
    });
    expect(() => doc.check()).not.toThrow();
    expect(doc.childCount).toBe(7);
  });

  it('refuses content the schema does not allow', () => {
    const bad = Node.fromJSON(schema, { type: 'doc', content: [{ type: 'bullet_list', content: [{ type: 'paragraph' }] }] });
    expect(() => bad.check()).toThrow(RangeError);
    expect(() => Node.fromJSON(schema, { type: 'doc', content: [{ type: 'script' }] })).toThrow(RangeError);
  });

  it('renders a heading level outside 1-3 as a level it has', () => {
    const spec = schema.nodes.heading.spec.toDOM!(schema.nodes.heading.create({ level: 6 })) as unknown as [string];
    expect(spec[0]).toBe('h3');
  });
});

describe('safeHref', () => {
  it.each([
    ['https://www.nhs.uk/conditions', 'https://www.nhs.uk/conditions'],
    ['mailto:team@example.org', 'mailto:team@example.org'],
    ['#section-2', '#section-2'],
    ['/papers/abc', '/papers/abc'],
  ])('keeps %s', (input, expected) => expect(safeHref(input)).toBe(expected));

  it.each(['javascript:alert(1)', ' JavaScript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox', '//evil.example/x', ''])(
    'drops %j',
    (input) => expect(safeHref(input)).toBeNull(),
  );

  it('renders an unsafe stored link as a harmless anchor', () => {
    const mark = schema.marks.link.create({ href: 'javascript:alert(1)' });
    const [, attrs] = schema.marks.link.spec.toDOM!(mark, true) as unknown as [string, Record<string, string>];
    expect(attrs.href).toBe('#');
  });
});

describe('initial page state', () => {
  it('encodes the empty document once, as a Yjs update any client can apply', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, initialPageState());
    expect(yDocToProsemirrorJSON(doc, FRAGMENT_NAME)).toEqual(EMPTY_DOC);
  });

  it('refuses a document the schema does not allow', () => {
    expect(() => initialPageState({ type: 'doc', content: [{ type: 'list_item' }] })).toThrow(RangeError);
  });
});
