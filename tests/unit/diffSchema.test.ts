/** The schema of a compared page: the editing schema's nodes and marks, plus change marks and block change attributes. */
import { describe, expect, it } from 'vitest';
import type { DOMOutputSpec } from 'prosemirror-model';
import { schema } from '../../shared/schema.js';
import { diffSchema } from '../../shared/diffSchema.js';

const dom = (spec: DOMOutputSpec) => spec as unknown as unknown[];

describe('the diff schema', () => {
  it('has every node and mark of the editing schema, with the same content rules', () => {
    for (const [name, type] of Object.entries(schema.nodes)) {
      expect(diffSchema.nodes[name], name).toBeDefined();
      expect(diffSchema.nodes[name].spec.content, name).toBe(type.spec.content);
    }
    for (const name of Object.keys(schema.marks)) expect(diffSchema.marks[name], name).toBeDefined();
    expect(Object.keys(diffSchema.marks)).toEqual(expect.arrayContaining(['insertion', 'deletion', 'format_change']));
  });

  it('renders changes as <ins>, <del> and a format-change span with the user, and no inline style', () => {
    const ins = diffSchema.marks.insertion.create({ user: 'u1' });
    const del = diffSchema.marks.deletion.create({ user: null });
    const fmt = diffSchema.marks.format_change.create({ user: 'u2', before: 'not bold' });
    expect(dom(diffSchema.marks.insertion.spec.toDOM!(ins, true))).toEqual(['ins', { 'data-user': 'u1' }, 0]);
    expect(dom(diffSchema.marks.deletion.spec.toDOM!(del, true))).toEqual(['del', {}, 0]);
    expect(dom(diffSchema.marks.format_change.spec.toDOM!(fmt, true))).toEqual(['span', { class: 'format-change', 'data-user': 'u2', 'data-before': 'not bold' }, 0]);
  });

  it('renders a changed block with its change class and user, keeping its own attributes', () => {
    const render = (name: string, attrs: Record<string, unknown>) => dom(diffSchema.nodes[name].spec.toDOM!(diffSchema.nodes[name].create(attrs)));
    expect(render('paragraph', {})).toEqual(['p', 0]);
    expect(render('paragraph', { change: 'inserted', changeUser: 'u1' })).toEqual(['p', { class: 'change-inserted', 'data-user': 'u1' }, 0]);
    expect(render('horizontal_rule', { change: 'deleted', changeUser: 'u2' })).toEqual(['hr', { class: 'change-deleted', 'data-user': 'u2' }]);
    expect(render('heading', { level: 2, change: 'changed', changeUser: 'u1', changeBefore: 'heading 3' })).toEqual([
      'h2',
      { class: 'change-changed', 'data-user': 'u1', 'data-before': 'heading 3' },
      0,
    ]);
    expect(render('ordered_list', { order: 3, change: 'inserted' })).toEqual(['ol', { start: '3', class: 'change-inserted' }, 0]);
    const cell = render('table_cell', { change: 'deleted', changeUser: 'u2' });
    expect(cell[0]).toBe('td');
    expect(cell[1]).toMatchObject({ class: 'change-deleted', 'data-user': 'u2' });
    expect(JSON.stringify(cell)).not.toContain('style');
  });

  it('refuses a change value it does not know and a format change without its description', () => {
    expect(() => diffSchema.nodeFromJSON({ type: 'paragraph', attrs: { change: 42 } }).check()).toThrow(RangeError);
    expect(() => diffSchema.nodeFromJSON({ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'format_change', attrs: { user: 'u' } }] }] })).toThrow(RangeError);
  });
});
