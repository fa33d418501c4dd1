/**
 * Templates and the cover in real Chromium. An editor creates a paper from the Briefing paper
 * template in the create-paper form and sees its seven numbered chapters and the guidance on a
 * page; fills the cover form (a bad value is refused beside its field) while a reader has the
 * overview open and sees the values arrive; then saves the paper's structure as a template,
 * renames it, and finds it offered in the create-paper form.
 */
import { describe, expect, it } from 'vitest';
import { addMember, createPage, editorText, serverAndBrowser, signUpViaApi } from '../helpers/browser.js';

const suite = serverAndBrowser();

const CHAPTERS = ['1 Introduction', '2 Definitions', '3 Current position', '4 Evidence and practice', '5 Recommendations', '6 Conclusion', '7 References'];

describe('the editor’s desk: template and cover', () => {
  it('creates a paper from the briefing-paper template, fills its cover for everyone, and saves it as a template', async () => {
    const eve = await signUpViaApi(suite.browser, suite.server.url, 'Eve Editor');
    const rex = await signUpViaApi(suite.browser, suite.server.url, 'Rex Reader');
    const e = eve.page;

    // Create from the template.
    await e.goto('/');
    const create = e.getByRole('form', { name: 'Create paper' });
    await create.getByRole('textbox', { name: 'Title', exact: true }).fill('Dementia care at home');
    const startFrom = create.getByRole('combobox', { name: 'Start from' });
    await startFrom.getByRole('option', { name: 'Briefing paper (chapters with guidance)' }).waitFor({ state: 'attached' });
    await startFrom.selectOption({ label: 'Briefing paper (chapters with guidance)' });
    await create.getByRole('button', { name: 'Create paper' }).click();
    const tree = e.getByRole('navigation', { name: 'Pages' });
    await tree.getByRole('link', { name: '7 References' }).waitFor();
    await expect.poll(() => tree.getByRole('link').allTextContents()).toEqual(CHAPTERS);
    const paperId = new URL(e.url()).pathname.split('/')[2];

    // The guidance is the page's text, from the server.
    await tree.getByRole('link', { name: '1 Introduction' }).click();
    await expect.poll(() => editorText(e), { timeout: 15_000 }).toContain('Set out the question this paper answers');
    await tree.getByRole('link', { name: '2 Definitions' }).click();
    await expect.poll(() => editorText(e), { timeout: 15_000 }).toContain('Define the terms, abbreviations and services');

    // A reader has the overview open while the editor fills the cover.
    await addMember(eve, paperId, rex, 'reader');
    const r = rex.page;
    await r.goto(`/papers/${paperId}`);
    const rexCover = r.getByRole('region', { name: 'Cover and front matter' });
    await rexCover.getByText('Organisation').waitFor();
    expect(await rexCover.getByRole('button', { name: 'Save cover' }).count()).toBe(0);

    await e.goto(`/papers/${paperId}`);
    const cover = e.getByRole('region', { name: 'Cover and front matter' });
    await cover.getByLabel('Organisation').fill('Faculty of Public Health');
    await cover.getByLabel('Date', { exact: true }).fill('2026-03-31');
    await cover.getByLabel('Edited by').fill('Dr Jane Smith, on behalf of the Faculty');
    const points = cover.getByLabel('Key points');
    await points.fill(Array.from({ length: 11 }, (_, i) => `Point ${i + 1}`).join('\n'));
    await cover.getByLabel('Acknowledgements').fill('We thank everyone at the spring masterclass.');
    await cover.getByRole('button', { name: 'Save cover' }).click();
    // Refused beside the field, which is marked invalid and focused; nothing typed is lost.
    await cover.getByText('Key points: at most 10 lines, one point a line.').waitFor();
    await expect.poll(() => points.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => points.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await cover.getByLabel('Organisation').inputValue()).toBe('Faculty of Public Health');

    await points.fill('Carers need a named contact.\nShare records with consent.');
    await cover.getByLabel('Title', { exact: true }).fill('Dementia care at home: a briefing');
    await cover.getByLabel('Subtitle', { exact: true }).fill('After the spring masterclass');
    await cover.getByRole('button', { name: 'Save cover' }).click();
    await cover.getByRole('status').getByText('Cover saved.').waitFor();
    expect(await points.getAttribute('aria-invalid')).toBeNull();

    // The reader sees it live, read-only.
    await rexCover.getByText('Faculty of Public Health').waitFor();
    await rexCover.getByText('31 March 2026').waitFor();
    await rexCover.getByText('Dr Jane Smith, on behalf of the Faculty').waitFor();
    await expect.poll(() => rexCover.getByRole('listitem').allTextContents()).toEqual(['Carers need a named contact.', 'Share records with consent.']);
    await rexCover.getByText('We thank everyone at the spring masterclass.').waitFor();
    await r.getByRole('heading', { level: 1, name: 'Dementia care at home: a briefing' }).waitFor();
    await r.locator('.overview .subtitle').getByText('After the spring masterclass').waitFor();
    await e.getByRole('heading', { level: 1, name: 'Dementia care at home: a briefing' }).waitFor();
    expect(await r.getByRole('region', { name: 'Templates' }).count()).toBe(0);

    // Save the structure as a template, rename it, and find it when creating a paper.
    const templates = e.getByRole('region', { name: 'Templates' });
    await templates.getByRole('button', { name: 'Save structure as template' }).click();
    await templates.getByText('Template name is required.').waitFor();
    await templates.getByLabel('Template name').fill('Dementia skeleton');
    await templates.getByRole('button', { name: 'Save structure as template' }).click();
    await templates.getByRole('button', { name: 'Rename template Dementia skeleton' }).click();
    const rename = templates.getByLabel('New name for Dementia skeleton');
    await expect.poll(() => rename.evaluate((el) => el === document.activeElement)).toBe(true);
    await rename.fill('Dementia review');
    await templates.getByRole('button', { name: 'Save name' }).click();
    await templates.getByRole('button', { name: 'Delete template Dementia review' }).waitFor();
    // Editing the template: change the paper (a new chapter), then update the template from it.
    await createPage(eve, paperId, 'Appendix');
    await templates.getByRole('button', { name: 'Update template Dementia review from this paper' }).click();
    await e.getByText("Updated the template 'Dementia review' from this paper (8 pages).").first().waitFor();

    await e.goto('/');
    const again = e.getByRole('form', { name: 'Create paper' }).getByRole('combobox', { name: 'Start from' });
    await again.getByRole('option', { name: 'Dementia review (8 pages, saved by Eve Editor)' }).waitFor({ state: 'attached' });

    await eve.context.close();
    await rex.context.close();
  }, 120_000);
});
