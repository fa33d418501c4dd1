/**
 * The templates a person saved, as personal data: their section of the "download my data"
 * document. A template belongs to the site, so it is listed whatever papers the person is in now.
 */
import type { PersonalDataSection } from './personalData.js';

export const templatesSection: PersonalDataSection = {
  key: 'templatesSaved',
  description: 'Templates you saved from a paper: their names, when, and the titles of their pages.',
  collect: (db, { userId }) => {
    const templates = db.prepare('SELECT id, name, source_paper_id AS sourcePaperId, created_at AS createdAt FROM templates WHERE created_by = ? ORDER BY created_at, id').all(userId) as { id: string }[];
    const titles = db.prepare('SELECT title FROM template_pages WHERE template_id = ? ORDER BY position');
    return templates.map((t) => ({ ...t, pageTitles: (titles.all(t.id) as { title: string }[]).map((r) => r.title) }));
  },
};
