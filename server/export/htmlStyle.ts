/**
 * The style sheet inside every HTML export: readable on screen, and for print an A4 page with
 * the cover alone on the first page, each chapter starting a new page, tables and headings kept
 * from splitting badly, link targets printed after external links, and (where the browser
 * supports page margin boxes) the paper's title at the top and the page number at the foot.
 */
export const HTML_STYLE = `
:root { color: #1a1a1a; background: #fff; font-family: Georgia, "Times New Roman", serif; line-height: 1.5; }
body { max-width: 46rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
h1, h2, h3, h4, h5, h6 { font-family: "Helvetica Neue", Arial, sans-serif; line-height: 1.25; }
a { color: #0b4f8a; }
.cover { min-height: 60vh; display: flex; flex-direction: column; justify-content: center; border-bottom: 2px solid #1a1a1a; margin-bottom: 2rem; }
.cover .title { font-size: 2.4rem; margin: 0.5rem 0; string-set: doctitle content(); }
.cover .subtitle { font-size: 1.3rem; margin: 0 0 1rem; }
.cover .organisation { text-transform: uppercase; letter-spacing: 0.08em; }
.cover .edition { color: #555; font-size: 0.9rem; }
.contents ul { list-style: none; padding: 0; }
.contents .depth-2 { padding-left: 1.5rem; }
.contents .depth-3 { padding-left: 3rem; }
.contents .depth-4, .contents .depth-5, .contents .depth-6 { padding-left: 4.5rem; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { border: 1px solid #999; padding: 0.3rem 0.5rem; vertical-align: top; text-align: left; }
th { background: #eee; }
td p, th p { margin: 0.2rem 0; }
img { max-width: 100%; height: auto; }
.image { margin: 1rem 0; }
blockquote { border-left: 4px solid #ccc; margin-left: 0; padding-left: 1rem; color: #333; }
.contributors dt { font-weight: bold; margin-top: 0.5rem; }
.contributors dd { margin-left: 1.5rem; }
@page { size: A4; margin: 2cm 2cm 2.5cm; @top-center { content: string(doctitle); font-size: 9pt; color: #555; } @bottom-center { content: "Page " counter(page) " of " counter(pages); font-size: 9pt; } }
@page :first { @top-center { content: none; } @bottom-center { content: none; } }
@media print {
  :root { font-size: 11pt; }
  body { max-width: none; padding: 0; }
  .cover { min-height: auto; border: none; page-break-after: always; break-after: page; }
  .contents { page-break-after: always; break-after: page; }
  .chapter { page-break-before: always; break-before: page; }
  h1, h2, h3, h4, h5, h6 { page-break-after: avoid; break-after: avoid; }
  table, tr, blockquote, .image { page-break-inside: avoid; break-inside: avoid; }
  p { orphans: 3; widows: 3; }
  a { color: inherit; }
  main a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.85em; word-break: break-all; }
}
`.trim();
