/**
 * Markdown to HTML with markdown-it (CommonMark with GitHub's pipe tables and strikethrough).
 * Raw HTML inside the Markdown is passed through, and every link is left for the schema to judge,
 * so one filter (htmlToDoc and the schema) decides what is kept and the preview can say what was not.
 * Bare web addresses become links, as people who write Markdown expect.
 */
import MarkdownIt from 'markdown-it';

/** Renders Markdown text as HTML (not yet safe: it goes through htmlToDoc next). */
export function markdownToHtml(text: string): string {
  const md = new MarkdownIt({ html: true, linkify: true });
  // markdown-it would silently print an unsafe link as literal text; let the schema drop it and say so.
  md.validateLink = () => true;
  return md.render(text);
}
