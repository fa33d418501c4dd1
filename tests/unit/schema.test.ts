import { describe, expect, it } from 'vitest';
import { Node, DOMParser as PMDOMParser } from 'prosemirror-model';
import { parseHTML } from 'linkedom';
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

describe('the image node', () => {
  const SRC = '/api/papers/paper_1/files/file-2';
  /** Parses HTML through the schema, as a paste or an import does. */
  const parse = (html: string) => {
    const { document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`);
    return PMDOMParser.fromSchema(schema).parse(document.body as unknown as globalThis.Node).toJSON();
  };
  const images = (html: string) => (parse(html).content ?? []).filter((n: { type: string }) => n.type === 'image');
  /** What toDOM writes for an image with these attributes. */
  const rendered = (attrs: Record<string, unknown>) => schema.nodes.image.spec.toDOM!(schema.nodes.image.create(attrs)) as unknown as [string, Record<string, string>];

  it('keeps a Quire file with its alt text and width', () => {
    expect(images(`<img src="${SRC}" alt="Map of the region" width="50%">`)).toEqual([{ type: 'image', attrs: { src: SRC, alt: 'Map of the region', width: 50 } }]);
    expect(images(`<img src="${SRC}">`)).toEqual([{ type: 'image', attrs: { src: SRC, alt: '', width: null } }]);
  });

  it.each([
    ['another site', 'https://evil.example/tracker.png'],
    ['a protocol-relative URL', '//evil.example/x.png'],
    ['data:', 'data:image/png;base64,iVBORw0KGgo='],
    ['javascript:', 'javascript:alert(1)'],
    ['a Quire-like path with more after it', `${SRC}/../../../me`],
    ['a Quire-like path with a query', `${SRC}?x=1`],
  ])('drops an image from %s', (_label, src) => {
    expect(images(`<img src="${src}" alt="x">`)).toEqual([]);
  });

  it('clamps a width to 10-100 percent, and ignores one given in pixels', () => {
    expect(images(`<img src="${SRC}" width="5%">`)[0].attrs.width).toBe(10);
    expect(images(`<img src="${SRC}" width="250%">`)[0].attrs.width).toBe(100);
    expect(images(`<img src="${SRC}" width="33.6%">`)[0].attrs.width).toBe(34);
    expect(images(`<img src="${SRC}" width="640">`)[0].attrs.width).toBeNull();
  });

  it('writes the width as an attribute and never a src that is not a Quire file', () => {
    expect(rendered({ src: SRC, alt: 'Chart', width: 40 })).toEqual(['img', { alt: 'Chart', src: SRC, width: '40%' }]);
    expect(rendered({ src: SRC, alt: 'Chart', width: 400 })[1].width).toBe('100%');
    for (const src of ['https://evil.example/x.png', 'javascript:alert(1)', 'data:image/png;base64,AAAA']) {
      const [tag, attrs] = rendered({ src, alt: 'Stored elsewhere' });
      expect(tag).toBe('img');
      expect(attrs).not.toHaveProperty('src');
      expect(attrs).not.toHaveProperty('style');
    }
  });
});
