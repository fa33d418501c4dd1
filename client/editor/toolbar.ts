/**
 * The formatting toolbar (role=toolbar, "Formatting"): one <button> per command with an
 * accessible name, aria-pressed for marks and block types, and disabled when the command cannot
 * apply here. It is a ProseMirror plugin view, so it refreshes on every state change.
 */
import { Plugin, type Command, type EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { undoCommand, redoCommand } from 'y-prosemirror';
import { h } from '../dom.js';
import { schema } from '../../shared/schema.js';
import {
  blockActive,
  bulletList,
  insertHorizontalRule,
  insertTable,
  insideNode,
  markActive,
  orderedList,
  setHeading,
  setParagraph,
  tableCommands,
  toggleBlockquote,
  toggleBold,
  toggleItalic,
  toggleStrike,
  toggleUnderline,
} from './commands.js';
import { LinkDialog } from './linkDialog.js';

interface ToolbarItem {
  name: string;
  glyph: string;
  shortcut?: string;
  command: Command;
  /** For toggles: whether it is on here (sets aria-pressed). */
  active?: (state: EditorState) => boolean;
  className?: string;
}

const { marks, nodes } = schema;

const groups: ToolbarItem[][] = [
  [
    { name: 'Bold', glyph: 'B', shortcut: 'Control+B', command: toggleBold, active: (s) => markActive(s, marks.bold), className: 'glyph-bold' },
    { name: 'Italic', glyph: 'I', shortcut: 'Control+I', command: toggleItalic, active: (s) => markActive(s, marks.italic), className: 'glyph-italic' },
    { name: 'Underline', glyph: 'U', shortcut: 'Control+U', command: toggleUnderline, active: (s) => markActive(s, marks.underline), className: 'glyph-underline' },
    { name: 'Strike-through', glyph: 'S', shortcut: 'Control+Shift+S', command: toggleStrike, active: (s) => markActive(s, marks.strike), className: 'glyph-strike' },
  ],
  [
    { name: 'Paragraph', glyph: '¶', command: setParagraph, active: (s) => blockActive(s, nodes.paragraph) },
    { name: 'Heading 1', glyph: 'H1', command: setHeading(1), active: (s) => blockActive(s, nodes.heading, { level: 1 }) },
    { name: 'Heading 2', glyph: 'H2', command: setHeading(2), active: (s) => blockActive(s, nodes.heading, { level: 2 }) },
    { name: 'Heading 3', glyph: 'H3', command: setHeading(3), active: (s) => blockActive(s, nodes.heading, { level: 3 }) },
  ],
  [
    { name: 'Bullet list', glyph: '• List', command: bulletList, active: (s) => insideNode(s, nodes.bullet_list) },
    { name: 'Numbered list', glyph: '1. List', command: orderedList, active: (s) => insideNode(s, nodes.ordered_list) },
    { name: 'Block quote', glyph: '❝ Quote', command: toggleBlockquote, active: (s) => insideNode(s, nodes.blockquote) },
    { name: 'Horizontal rule', glyph: '― Rule', command: insertHorizontalRule },
  ],
  [
    { name: 'Insert table', glyph: '▦ Table', command: insertTable(3, 3) },
    { name: 'Add row', glyph: '+ Row', command: tableCommands.addRowAfter },
    { name: 'Delete row', glyph: '− Row', command: tableCommands.deleteRow },
    { name: 'Add column', glyph: '+ Col', command: tableCommands.addColumnAfter },
    { name: 'Delete column', glyph: '− Col', command: tableCommands.deleteColumn },
  ],
  [
    { name: 'Undo', glyph: '↶ Undo', shortcut: 'Control+Z', command: (s, d) => !!undoCommand(s, d) },
    { name: 'Redo', glyph: '↷ Redo', shortcut: 'Control+Y', command: (s, d) => !!redoCommand(s, d) },
  ],
];

/**
 * What a plugin's spec may carry to add buttons to the toolbar (the page's "Insert image"): they
 * go in an "Insert" group before Undo and Redo, made once when the editor is.
 */
export interface ToolbarButtonsSpec {
  toolbarButtons?(view: EditorView): HTMLElement[];
}

/** Builds the toolbar element and the plugin that keeps it in step with the editor. */
export function createToolbar(): { el: HTMLElement; plugin: Plugin } {
  let view: EditorView | null = null;
  const link = new LinkDialog(() => view!);
  const buttons: { item: ToolbarItem; button: HTMLButtonElement }[] = [];
  const linkButton = h('button', { type: 'button', class: 'tool', 'aria-label': 'Link', title: 'Link (Control+K)', 'aria-pressed': 'false', 'aria-keyshortcuts': 'Control+K' }, 'Link');
  linkButton.addEventListener('click', () => link.open(linkButton));

  /**
   * A button's accessible name contains its visible text (WCAG 2.5.3, label in name), so someone
   * who says "click H1" to speech software reaches it: "Heading 1, H1", but plain "Bold" for B.
   */
  const nameOf = (item: ToolbarItem) => {
    const words = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    const named = new Set(words(item.name));
    return words(item.glyph).every((w) => named.has(w)) || item.glyph.length === 1 ? item.name : `${item.name}, ${item.glyph}`;
  };

  const groupEls = groups.map((items, gi) => {
    const group = h('div', { class: 'tool-group', role: 'group', 'aria-label': ['Text style', 'Block type', 'Blocks', 'Table', 'History'][gi] });
    for (const item of items) {
      const button = h(
        'button',
        {
          type: 'button',
          class: `tool ${item.className ?? ''}`,
          'aria-label': nameOf(item),
          title: item.shortcut ? `${item.name} (${item.shortcut})` : item.name,
          'aria-keyshortcuts': item.shortcut,
          'aria-pressed': item.active ? 'false' : null,
        },
        item.glyph,
      );
      // Keep the editor's selection: act on mousedown without moving focus, and on click for keyboards.
      button.addEventListener('mousedown', (e) => e.preventDefault());
      button.addEventListener('click', () => {
        if (!view) return;
        item.command(view.state, view.dispatch, view);
        view.focus();
      });
      buttons.push({ item, button });
      group.appendChild(button);
    }
    if (gi === 0) group.appendChild(linkButton);
    return group;
  });

  const bar = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Formatting' }, groupEls);
  const el = h('div', { class: 'toolbar-wrap' }, bar, link.el);

  const refresh = (state: EditorState) => {
    for (const { item, button } of buttons) {
      const on = item.active?.(state) ?? false;
      button.disabled = !on && !item.command(state, undefined, view ?? undefined);
      if (item.active) button.setAttribute('aria-pressed', String(on));
    }
    linkButton.setAttribute('aria-pressed', String(markActive(state, marks.link)));
  };

  const plugin = new Plugin({
    view(editorView) {
      view = editorView;
      const extra = editorView.state.plugins.flatMap((p) => (p.spec as ToolbarButtonsSpec).toolbarButtons?.(editorView) ?? []);
      if (extra.length > 0) bar.insertBefore(h('div', { class: 'tool-group', role: 'group', 'aria-label': 'Insert' }, extra), bar.lastElementChild);
      refresh(editorView.state);
      return {
        update: (v) => refresh(v.state),
        destroy: () => {
          view = null;
        },
      };
    },
    props: {
      handleKeyDown(v, event) {
        if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
          event.preventDefault();
          link.open(null);
          return true;
        }
        return false;
      },
    },
  });
  return { el, plugin };
}
