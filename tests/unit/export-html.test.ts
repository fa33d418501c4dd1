/**
 * The HTML writer: one self-contained, well-formed file (checked as XML) with a print style sheet;
 * hostile text never becomes markup, unsafe links are dropped, remote images become links, headings
 * carry ids the contents links reach, and a page's own headings sit below its title.
 */
import { describe, expect, it } from 'vitest';
import { writeHtml } from '../../server/export/html.js';
import { dataUrl, exportImage } from '../../server/export/images.js';
import { escapeAttr, escapeText, specParts } from '../../server/export/xhtml.js';
import { xmlProblems } from '../helpers/xmlWellFormed.js';
import { HOSTILE_HTML, HOSTILE_LINKS, HOSTILE_TEXT } from '../fixtures/hostile-strings.js';
import { bullets, cell, documentOf, heading, item, link, para, row, section, text } from './exportFixtures.js';

const table = { type: 'table', content: [row(cell('Ward', 'table_header'), cell('Beds', 'table_header')), row({ type: 'table_cell', attrs: { colspan: 2 }, content: [para('All <wards>')] })] };

const sample = () =>
  documentOf([
    section('1', 'Introduction', 1, [heading(1, 'Background'), para('Plain ', text('bold', [{ type: 'bold' }]), ' and ', text('a link', [link('https://example.org/?a=1&b=2')])), table]),
    section('1.1', 'Scope', 2, [bullets(item(para('one'), bullets(item(para('deep'))))), { type: 'horizontal_rule' }, para('line', { type: 'hard_break' }, 'break')]),
    section(null, 'References', 1, [para('Smith 2020')], true),
  ]);

const WRITER_TAGS = new Set('html head meta title style body header p h1 h2 h3 h4 h5 h6 time section ul ol li nav main a table tbody tr th td dl dt dd strong em u s br hr blockquote'.split(' '));
const WRITER_ATTRS = new Set('xmlns lang xml:lang charset name content class id datetime aria-labelledby href rel colspan rowspan title start'.split(' '));

describe('HTML export', () => {
  it('is well-formed XML, self-contained and has a print style sheet', () => {
    const html = writeHtml(sample());
    expect(xmlProblems(html)).toEqual([]);
    expect(html).toMatch(/<style>[\s\S]*@media print[\s\S]*<\/style>/);
    expect(html).toMatch(/@page/);
    // Nothing is loaded from elsewhere: no scripts, style sheet links, or src attributes.
    expect(html).not.toMatch(/<script|<link |\ssrc=|@import|url\(/i);
  });

  it('numbers headings, gives them ids and links the contents to them', () => {
    const html = writeHtml(sample());
    expect(html).toContain('<h1 id="s-1">1 Introduction</h1><h2 id="s-1-h1">Background</h2>');
    expect(html).toContain('<h2 id="s-1-1">1.1 Scope</h2>');
    for (const anchor of ['s-1', 's-1-1', 'contributors', 'references']) {
      expect(html).toContain(`href="#${anchor}"`);
      expect(html).toContain(`id="${anchor}"`);
    }
    expect(html.indexOf('id="contributors"')).toBeLessThan(html.indexOf('id="references"'));
  });

  it('writes the cover, tables, lists, marks and safe links through the schema', () => {
    const html = writeHtml(sample());
    expect(html).toContain('<p class="organisation">Northern Trust</p><h1 class="title">Discharge planning</h1>');
    expect(html).toContain('<time datetime="2026-03-31">31 March 2026</time>');
    expect(html).toContain('<p class="edited-by">Edited by Dr Jane Smith</p>');
    expect(html).toContain('<td colspan="2"><p>All &lt;wards&gt;</p></td>');
    expect(html).toContain('<ul><li><p>one</p><ul><li><p>deep</p></li></ul></li></ul><hr /><p>line<br />break</p>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<a href="https://example.org/?a=1&amp;b=2" rel="noopener noreferrer nofollow">a link</a>');
    expect(html).toContain('<dt><a href="#s-1">1 Introduction</a></dt><dd>Ada Author</dd>');
  });

  it('never turns hostile text into markup, anywhere it can appear', () => {
    for (const hostile of [...HOSTILE_TEXT, ...HOSTILE_HTML]) {
      const value = hostile.value.slice(0, 5000);
      const doc = documentOf([section('1', value, 1, [heading(2, value), para(value), table])], { title: value, subtitle: value, organisation: value, editedBy: value, keyPoints: [value], acknowledgements: [value] });
      doc.contributors[0].names = [value];
      const html = writeHtml(doc);
      expect(xmlProblems(html), hostile.name).toEqual([]);
      // Every element and attribute is one the writer makes itself.
      const tags = new Set([...html.matchAll(/<([A-Za-z][\w-]*)/g)].map((m) => m[1]));
      expect([...tags].filter((t) => !WRITER_TAGS.has(t)), hostile.name).toEqual([]);
      const attrs = new Set([...html.matchAll(/<[A-Za-z][^>]*>/g)].flatMap((m) => [...m[0].matchAll(/\s([\w:-]+)="/g)].map((a) => a[1])));
      expect([...attrs].filter((a) => !WRITER_ATTRS.has(a)), hostile.name).toEqual([]);
      expect(html, hostile.name).toContain(escapeText(value));
    }
  });

  it('drops unsafe links but keeps their text', () => {
    for (const href of HOSTILE_LINKS) {
      const html = writeHtml(documentOf([section('1', 'Links', 1, [para(text('click me', [link(href)]))])]));
      expect(html, href).toContain('<p>click me</p>');
      expect(xmlProblems(html), href).toEqual([]);
    }
  });

  it('turns a remote image into a link and never fetches it', () => {
    expect(exportImage({ src: 'https://tracker.example/pixel.png', alt: 'Bed chart' }, {})).toEqual({ kind: 'link', href: 'https://tracker.example/pixel.png', text: 'Image: Bed chart' });
    expect(exportImage({ src: 'javascript:alert(1)', alt: '' }, {})).toEqual({ kind: 'link', href: null, text: 'Image: Image' });
    const chart = { contentType: 'image/png' as const, bytes: new Uint8Array([1, 2]), width: 4, height: 2 };
    const stored = exportImage({ src: '/files/1', alt: 'Chart', width: 40 }, { '/files/1': chart });
    expect(stored).toEqual({ kind: 'embedded', image: chart, alt: 'Chart', width: 40 });
    expect(dataUrl(chart)).toBe('data:image/png;base64,AQI=');
  });
});

describe('XHTML serializer', () => {
  it('escapes text and attributes and replaces characters XML forbids', () => {
    expect(escapeText('a<b>&c\u0001')).toBe('a&lt;b&gt;&amp;c\ufffd');
    expect(escapeAttr('"\'<\n')).toBe('&quot;&#39;&lt;&#10;');
  });

  it('splits a spec at its content hole, however deep', () => {
    expect(specParts(['table', ['tbody', 0]])).toEqual({ before: '<table><tbody>', after: '</tbody></table>', hole: true });
    expect(specParts(['hr'])).toEqual({ before: '<hr />', after: '', hole: false });
    expect(() => specParts(['p onclick=x', 0])).toThrow(RangeError);
  });
});
