/**
 * Paper templates against the real server: a paper made from the built-in briefing-paper template
 * has its seven chapters in order with guidance text stored as each page's first state; creation
 * is atomic; an editor saves a paper's structure (with the text typed into it live) as a template
 * that someone else starts a paper from; only the template's creator renames or deletes it, never
 * the built-in one; bad names and ids get sentences.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { addMember, buildPage, buildPaper, buildUser, type TestUser } from '../helpers/factories.js';
import { addParagraph, connectClient, storedDoc, waitSaved, waitSynced } from '../helpers/collabClient.js';
import { pageDocOf } from '../../server/history/pageText.js';
import { docPlainText } from '../../shared/templates.js';
import { orderedTree } from '../../shared/tree.js';
import type { PageView } from '../../shared/api.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

const BRIEFING_TITLES = ['Introduction', 'Definitions', 'Current position', 'Evidence and practice', 'Recommendations', 'Conclusion', 'References'];

/** The live tree of a paper as "number title" lines, in reading order. */
async function numberedTitles(user: TestUser, paperId: string): Promise<{ lines: string[]; pages: PageView[] }> {
  const { pages } = await user.client.ok<{ pages: PageView[] }>('GET', `/api/papers/${paperId}/pages`);
  const ordered = orderedTree(pages);
  return { lines: ordered.map(({ page, number }) => `${number} ${page.title}`), pages: ordered.map(({ page }) => page) };
}

/** A page's body as stored in SQLite, as ProseMirror JSON. */
async function storedBody(pageId: string) {
  const doc = await storedDoc(server.db, pageId);
  try {
    return pageDocOf(doc).toJSON();
  } finally {
    doc.destroy();
  }
}

const paperCount = () => (server.db.prepare('SELECT COUNT(*) AS n FROM papers').get() as { n: number }).n;

describe('the built-in briefing-paper template', () => {
  it('is listed first for anyone signed in and previews its seven numbered chapters', async () => {
    const ada = await buildUser(server.url);
    const { templates } = await ada.client.ok('GET', '/api/templates');
    expect(templates[0]).toEqual({ id: 'briefing-paper', name: 'Briefing paper', builtIn: true, createdBy: null, createdAt: null, pageCount: 7, mayChange: false });
    const { template } = await ada.client.ok('GET', '/api/templates/briefing-paper');
    expect(template.pages.map((p: { number: string; title: string }) => `${p.number} ${p.title}`)).toEqual(BRIEFING_TITLES.map((t, i) => `${i + 1} ${t}`));
    expect(template.pages[0].text).toContain('Set out the question this paper answers');
    expect((await ada.client.request('GET', '/api/templates')).status).toBe(200);
    const anonymous = await fetch(`${server.url}/api/templates`);
    expect(anonymous.status).toBe(401);
  });

  it('makes a paper with the chapters in order, guidance stored in each page body, and records the template', async () => {
    const ada = await buildUser(server.url, { name: 'Ada Editor' });
    const res = await ada.client.request('POST', '/api/papers', { title: 'Dementia care at home', templateId: 'briefing-paper' });
    expect(res.status).toBe(201);
    const paperId = res.body.paper.id;
    const { lines, pages } = await numberedTitles(ada, paperId);
    expect(lines).toEqual(BRIEFING_TITLES.map((t, i) => `${i + 1} ${t}`));
    for (const page of pages) {
      const body = await storedBody(page.id);
      // Guidance: an italic blockquote first, then an empty paragraph to write in.
      expect(body.content[0].type).toBe('blockquote');
      expect(body.content[0].content[0].content[0].marks).toEqual([{ type: 'italic' }]);
      expect(body.content.at(-1)).toEqual({ type: 'paragraph' });
      expect(docPlainText(body).length).toBeGreaterThan(40);
      expect(page.createdBy).toEqual({ id: ada.user.id, name: 'Ada Editor' });
    }
    expect(docPlainText(await storedBody(pages[0].id))).toContain('Set out the question this paper answers');
    expect(docPlainText(await storedBody(pages[6].id))).toContain('List every source cited');

    // The live collab server serves the same text (the page's first state, made once on the server).
    const client = connectClient(server.wsUrl, pages[1].id, { cookie: ada.client.cookie });
    await waitSynced(client);
    expect(client.doc.getXmlFragment('prosemirror').toString()).toContain('Define the terms');
    client.destroy();

    const { entries } = await ada.client.ok('GET', `/api/papers/${paperId}/audit?action=paper.created`);
    expect(entries[0].detail).toEqual({ title: 'Dementia care at home', template: { id: 'briefing-paper', name: 'Briefing paper', pages: 7 } });
  });

  it('creates nothing when any page fails to be stored', async () => {
    const ada = await buildUser(server.url);
    const before = paperCount();
    server.db.exec("CREATE TEMP TRIGGER fail_conclusion BEFORE INSERT ON pages WHEN NEW.title = 'Conclusion' BEGIN SELECT RAISE(ABORT, 'disk trouble'); END");
    try {
      const res = await ada.client.request('POST', '/api/papers', { title: 'Doomed paper', templateId: 'briefing-paper' });
      expect(res.status).toBe(500);
    } finally {
      server.db.exec('DROP TRIGGER fail_conclusion');
    }
    expect(paperCount()).toBe(before);
    expect(server.db.prepare("SELECT COUNT(*) AS n FROM papers WHERE title = 'Doomed paper'").get()).toEqual({ n: 0 });
    expect((await ada.client.ok('GET', '/api/papers')).papers).toEqual([]);
  });

  it('refuses an unknown or malformed template with a sentence, creating nothing', async () => {
    const ada = await buildUser(server.url);
    const before = paperCount();
    const unknown = await ada.client.request('POST', '/api/papers', { title: 'X', templateId: 'no-such-template' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('That template was not found. It may have been deleted; choose another from the list.');
    const malformed = await ada.client.request('POST', '/api/papers', { title: 'X', templateId: '../etc' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toBe('Choose a template from the list.');
    expect(paperCount()).toBe(before);
  });

  it('still makes a blank paper without a template', async () => {
    const ada = await buildUser(server.url);
    const paper = await buildPaper(ada, { title: 'Blank' });
    expect((await numberedTitles(ada, paper.id)).lines).toEqual([]);
  });
});

describe('saved templates', () => {
  /** A paper with "Scope" (and a section "Settings" typed into live) and "Findings", saved as a template by its editor. */
  async function savedTemplate(editor: TestUser, name = 'Rapid review') {
    const paper = await buildPaper(editor, { title: 'Source paper' });
    const scope = await buildPage(editor, paper.id, { title: 'Scope' });
    const settings = await buildPage(editor, paper.id, { title: 'Settings', parentId: scope.id });
    await buildPage(editor, paper.id, { title: 'Findings' });
    // Typed live and not yet compacted: the template must read the page's current state.
    const client = connectClient(server.wsUrl, settings.id, { cookie: editor.client.cookie });
    await waitSynced(client);
    addParagraph(client.doc, 'Care homes and home care in two counties.');
    await waitSaved(client);
    const res = await editor.client.request('POST', `/api/papers/${paper.id}/save-as-template`, { name });
    client.destroy();
    return { paper, res };
  }

  it('saves a paper’s structure and current text, and another person starts a paper from it', async () => {
    const ada = await buildUser(server.url, { name: 'Ada Editor' });
    const bob = await buildUser(server.url, { name: 'Bob Other' });
    const { paper, res } = await savedTemplate(ada);
    expect(res.status).toBe(201);
    expect(res.body.template).toMatchObject({ name: 'Rapid review', builtIn: false, createdBy: { id: ada.user.id, name: 'Ada Editor' }, pageCount: 3, mayChange: true });
    const id = res.body.template.id;

    const listed = (await bob.client.ok('GET', '/api/templates')).templates.find((t: { id: string }) => t.id === id);
    expect(listed).toMatchObject({ name: 'Rapid review', mayChange: false });
    const { template } = await bob.client.ok('GET', `/api/templates/${id}`);
    expect(template.pages.map((p: { number: string; title: string }) => `${p.number} ${p.title}`)).toEqual(['1 Scope', '1.1 Settings', '2 Findings']);
    expect(template.pages[1].text).toBe('Care homes and home care in two counties.');

    const made = await bob.client.ok('POST', '/api/papers', { title: 'Bob’s review', templateId: id });
    const { lines, pages } = await numberedTitles(bob, made.paper.id);
    expect(lines).toEqual(['1 Scope', '1.1 Settings', '2 Findings']);
    expect(docPlainText(await storedBody(pages[1].id))).toBe('Care homes and home care in two counties.');

    const { entries } = await ada.client.ok('GET', `/api/papers/${paper.id}/audit?action=template.created`);
    expect(entries[0]).toMatchObject({ target: id, detail: { name: 'Rapid review', pages: 3, paperTitle: 'Source paper' } });
  });

  it('lets only editors save, and refuses a paper with no pages', async () => {
    const ada = await buildUser(server.url);
    const carl = await buildUser(server.url);
    const paper = await buildPaper(ada);
    const empty = await ada.client.request('POST', `/api/papers/${paper.id}/save-as-template`, { name: 'Nothing' });
    expect(empty.status).toBe(409);
    expect(empty.body.error.message).toBe('This paper has no pages yet. Add chapters first, then save its structure as a template.');
    await buildPage(ada, paper.id, { title: 'One' });
    await addMember(ada, paper.id, carl, 'author');
    const byAuthor = await carl.client.request('POST', `/api/papers/${paper.id}/save-as-template`, { name: 'Mine' });
    expect(byAuthor.status).toBe(403);
    expect(byAuthor.body.error.message).toBe('Only an editor of this paper can do that.');
  });

  it('checks names with clear messages', async () => {
    const ada = await buildUser(server.url);
    const paper = await buildPaper(ada);
    await buildPage(ada, paper.id, { title: 'One' });
    const path = `/api/papers/${paper.id}/save-as-template`;
    expect((await ada.client.request('POST', path, { name: '  ' })).body.error.message).toBe('Template name is required.');
    expect((await ada.client.request('POST', path, {})).body.error.message).toBe('Template name is required.');
    expect((await ada.client.request('POST', path, { name: 'x'.repeat(81) })).body.error.message).toBe('Template name must be at most 80 characters.');
    const ok = await ada.client.request('POST', path, { name: ' Line\nbreak ' });
    expect(ok.status).toBe(201);
    expect(ok.body.template.name).toBe('Line break');
  });

  it('is edited by updating it from a paper made from it, by its creator only', async () => {
    const ada = await buildUser(server.url, { name: 'Ada Editor' });
    const bob = await buildUser(server.url, { name: 'Bob Other' });
    const { res } = await savedTemplate(ada, 'Review skeleton');
    const id = res.body.template.id;
    // Ada makes a paper from it, adds a chapter, and saves the change back into the template.
    const made = await ada.client.ok('POST', '/api/papers', { title: 'Working copy', templateId: id });
    await buildPage(ada, made.paper.id, { title: 'Appendix' });
    const updated = await ada.client.ok('PUT', `/api/papers/${made.paper.id}/templates/${id}`);
    expect(updated.template).toMatchObject({ id, name: 'Review skeleton', pageCount: 4 });
    const { template } = await bob.client.ok('GET', `/api/templates/${id}`);
    expect(template.pages.map((p: { number: string; title: string }) => `${p.number} ${p.title}`)).toEqual(['1 Scope', '1.1 Settings', '2 Findings', '3 Appendix']);
    expect(template.pages[1].text).toBe('Care homes and home care in two counties.');
    const { entries } = await ada.client.ok('GET', `/api/papers/${made.paper.id}/audit?action=template.updated`);
    expect(entries[0]).toMatchObject({ target: id, detail: { name: 'Review skeleton', pagesBefore: 3, pages: 4, paperTitle: 'Working copy' } });

    // Bob, editor of his own paper, may not overwrite Ada's template; nobody may overwrite the built-in one.
    const bobs = await buildPaper(bob);
    await buildPage(bob, bobs.id, { title: 'Only page' });
    const refused = await bob.client.request('PUT', `/api/papers/${bobs.id}/templates/${id}`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('Only the person who saved this template can change, rename or delete it.');
    const builtIn = await ada.client.request('PUT', `/api/papers/${made.paper.id}/templates/briefing-paper`);
    expect(builtIn.body.error.message).toBe('The built-in template cannot be changed; save a copy instead.');
    expect((await ada.client.ok('GET', `/api/templates/${id}`)).template.pages).toHaveLength(4);
  });

  it('lets only its creator rename or delete it, and never the built-in one', async () => {
    const ada = await buildUser(server.url);
    const bob = await buildUser(server.url);
    const { res } = await savedTemplate(ada, 'Ada’s skeleton');
    const id = res.body.template.id;

    const bobRename = await bob.client.request('PATCH', `/api/templates/${id}`, { name: 'Bob’s now' });
    expect(bobRename.status).toBe(403);
    expect(bobRename.body.error.message).toBe('Only the person who saved this template can change, rename or delete it.');
    expect((await bob.client.request('DELETE', `/api/templates/${id}`)).status).toBe(403);

    for (const user of [ada, bob]) {
      const builtIn = await user.client.request('PATCH', '/api/templates/briefing-paper', { name: 'Mine' });
      expect(builtIn.status).toBe(403);
      expect(builtIn.body.error.message).toBe('The built-in template cannot be changed; save a copy instead.');
      expect((await user.client.request('DELETE', '/api/templates/briefing-paper')).body.error.message).toBe('The built-in template cannot be changed; save a copy instead.');
    }

    expect((await ada.client.request('PATCH', `/api/templates/${id}`, { name: '' })).body.error.message).toBe('Template name is required.');
    const renamed = await ada.client.ok('PATCH', `/api/templates/${id}`, { name: 'Scoping review' });
    expect(renamed.template.name).toBe('Scoping review');
    expect((await bob.client.ok('GET', `/api/templates/${id}`)).template.name).toBe('Scoping review');

    expect((await ada.client.request('DELETE', `/api/templates/${id}`)).status).toBe(204);
    expect((await bob.client.request('GET', `/api/templates/${id}`)).status).toBe(404);
    expect((await ada.client.request('DELETE', `/api/templates/${id}`)).status).toBe(404);
    expect((await bob.client.request('POST', '/api/papers', { title: 'Too late', templateId: id })).status).toBe(404);
    expect((await ada.client.ok('GET', '/api/templates')).templates.map((t: { id: string }) => t.id)).not.toContain(id);
    // The built-in one is always there.
    expect((await ada.client.ok('GET', '/api/templates')).templates[0].id).toBe('briefing-paper');
  });
});
