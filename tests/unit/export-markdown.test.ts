/**
 * The Markdown writer: numbered headings with a page's own headings below them, text escaped so
 * typed characters never become Markdown structure, GFM pipe tables with "|" escaped, nested lists
 * indented under their item, links kept only when safe, the cover and a linked contents list.
 */
import { describe, expect, it } from 'vitest';
import { Node as PmNode } from 'prosemirror-model';
import { escapeMarkdown, headingAnchor, inlineMarkdown, writeMarkdown } from '../../server/export/markdown.js';
import { schema } from '../../shared/schema.js';
import { bullets, cell, documentOf, heading, item, link, numbered, para, row, section, text } from './exportFixtures.js';
import { HOSTILE_HTML, HOSTILE_LINKS, HOSTILE_TEXT } from '../fixtures/hostile-strings.js';

const inline = (...content: unknown[]) => inlineMarkdown(PmNode.fromJSON(schema, para(...content)));

describe('Markdown text', () => {
  it('escapes characters that would start emphasis, links, code, HTML or table cells', () => {
    expect(escapeMarkdown('a*b_c [x](y) `code` <b>|</b> ~~s~~ & #1 !')).toBe('a\\*b\\_c \\[x\\](y) \\`code\\` \\<b\\>\\|\\</b\\> \\~\\~s\\~\\~ \\& \\#1 \\!');
  });

  it('escapes a line start that would open a list, a heading or a quote', () => {
    const doc = writeMarkdown(documentOf([section('1', 'One', 1, [para('- not a list'), para('1. not numbered'), para('> not a quote'), para('# not a heading'), para('=== not a rule')])]));
    expect(doc).toContain('\n\\- not a list\n');
    expect(doc).toContain('\n1\\. not numbered\n');
    expect(doc).toContain('\n\\> not a quote\n');
    expect(doc).toContain('\n\\# not a heading\n');
    expect(doc).toContain('\n\\=== not a rule\n');
  });

  it('puts emphasis delimiters inside the spaces so CommonMark reads them', () => {
    expect(inline('a', text(' bold ', [{ type: 'bold' }]), 'b')).toBe('a **bold** b');
    expect(inline(text('both', [{ type: 'bold' }, { type: 'italic' }]))).toBe('***both***');
    expect(inline(text('gone', [{ type: 'strike' }]))).toBe('~~gone~~');
  });

  it('keeps safe links, drops unsafe ones to their text, and keeps a link whole across marks', () => {
    expect(inline(text('site', [link('https://example.org/a b(c)')]))).toBe('[site](https://example.org/a%20b%28c%29)');
    expect(inline(text('a ', [link('https://x.example')]), text('b', [link('https://x.example'), { type: 'bold' }]))).toBe('[a **b**](https://x.example)');
    for (const href of HOSTILE_LINKS) {
      const out = inline(text('click', [link(href)]));
      expect(out, href).toBe('click');
    }
  });
});

describe('Markdown structure', () => {
  it('numbers headings from the tree and puts a page\'s own headings below its title', () => {
    const doc = writeMarkdown(documentOf([section('1', 'Introduction', 1, [heading(1, 'Background')]), section('1.1', 'Scope', 2, [heading(1, 'Inside'), heading(3, 'Deep')])]));
    expect(doc).toContain('\n# 1 Introduction\n\n## Background\n');
    expect(doc).toContain('\n## 1.1 Scope\n\n### Inside\n\n##### Deep\n');
  });

  it('writes a pipe table with the first row as header, "|" escaped and colspans padded', () => {
    const table = {
      type: 'table',
      content: [row(cell('Ward', 'table_header'), cell('Beds | spare', 'table_header')), row({ type: 'table_cell', attrs: { colspan: 2 }, content: [para('All')] }), row(cell('A'), cell('3'))],
    };
    const doc = writeMarkdown(documentOf([section('1', 'Beds', 1, [table])]));
    expect(doc).toContain('| Ward | Beds \\| spare |\n| --- | --- |\n| All |   |\n| A | 3 |');
  });

  it('indents nested lists under their item and keeps an ordered list\'s start', () => {
    const list = bullets(item(para('one'), numbered(3, item(para('three')), item(para('four'), bullets(item(para('deep')))))), item(para('two')));
    const doc = writeMarkdown(documentOf([section('1', 'Lists', 1, [list])]));
    expect(doc).toContain('- one\n  3. three\n  4. four\n     - deep\n- two');
  });

  it('writes the cover as a title block and the contents as links to the headings, references last', () => {
    const doc = writeMarkdown(documentOf([section('1', 'Introduction', 1, [para('Hi')]), section('1.1', 'Scope', 2, []), section(null, 'References', 1, [para('Smith 2020')], true)]));
    expect(doc.startsWith('Northern Trust\n\n# Discharge planning\n\n**A briefing for ward managers**\n\nEdited by Dr Jane Smith  \n31 March 2026')).toBe(true);
    expect(doc).toContain('## Key points\n\n- Plan early\n- Talk to families');
    expect(doc).toContain('## Contents\n\n- [1 Introduction](#1-introduction)\n  - [1.1 Scope](#11-scope)\n- [Contributors](#contributors)\n- [References](#references)');
    expect(doc.indexOf('# Contributors')).toBeLessThan(doc.indexOf('# References'));
    expect(doc).toContain('- 1 Introduction: Ada Author');
    expect(doc.trimEnd().endsWith('Smith 2020')).toBe(true);
  });

  it('never lets hostile text open raw HTML, a link or an image, wherever it appears', () => {
    for (const hostile of [...HOSTILE_TEXT, ...HOSTILE_HTML]) {
      const v = hostile.value;
      const table = { type: 'table', content: [row(cell(v, 'table_header')), row(cell(v))] };
      const doc = writeMarkdown(documentOf([section('1', v, 1, [heading(1, v), para(v), bullets(item(para(v))), table])], { title: v, subtitle: v, organisation: v, editedBy: v, keyPoints: [v], acknowledgements: [v] }));
      // Every "<" typed is escaped; the only raw tag is the writer's own <br> between a cell's blocks.
      expect(doc.replace(/\\</g, '').replace(/<br>/g, ''), hostile.name).not.toContain('<');
      // A typed "[" is escaped too, so it cannot open a link or an image.
      expect(doc, hostile.name).not.toMatch(/(?<!\\)!?\[(?![0-9]+ |Contributors\])/);
    }
  });

  it('makes GitHub heading anchors', () => {
    expect(headingAnchor('1.2 Who we are!')).toBe('12-who-we-are');
  });

  it('turns a hard break into a backslash line break and keeps the next line safe', () => {
    const doc = writeMarkdown(documentOf([section('1', 'Breaks', 1, [para('first', { type: 'hard_break' }, '- second')])]));
    expect(doc).toContain('first\\\n\\- second');
  });
});
