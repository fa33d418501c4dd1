/**
 * Builds a page's ProseMirror editor over its Yjs document: y-prosemirror sync, remote cursors
 * and own-changes undo, tables, lists, input rules, drop and gap cursors, and the toolbar. The
 * editor never writes initial content: an empty page's first paragraph comes from the server.
 */
import { EditorState, type Plugin } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { dropCursor } from 'prosemirror-dropcursor';
import { gapCursor } from 'prosemirror-gapcursor';
import { columnResizing, tableEditing } from 'prosemirror-tables';
import { ySyncPlugin, yCursorPlugin, yUndoPlugin } from 'y-prosemirror';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { schema } from '../../shared/schema.js';
import { quireKeymaps } from './keymap.js';
import { quireInputRules } from './inputRules.js';
import { createToolbar } from './toolbar.js';
import { cursorBuilder, selectionBuilder } from './cursors.js';

export interface EditorOptions {
  fragment: Y.XmlFragment;
  awareness: Awareness;
  editable: boolean;
  /** Where the editor goes. */
  mount: HTMLElement;
  /** Where the toolbar goes (writers only). */
  toolbarMount: HTMLElement;
  /** More plugins (comment highlights ...), after the built-in ones. */
  plugins?: Plugin[];
}

/** Creates the editor view (and toolbar when editable); destroy the view to clean up. */
export function createEditor(options: EditorOptions): EditorView {
  const toolbar = options.editable ? createToolbar() : null;
  const state = EditorState.create({
    schema,
    plugins: [
      ySyncPlugin(options.fragment),
      yCursorPlugin(options.awareness, { cursorBuilder, selectionBuilder }),
      yUndoPlugin(),
      quireInputRules(),
      ...quireKeymaps(),
      dropCursor(),
      gapCursor(),
      columnResizing(),
      tableEditing(),
      ...(toolbar ? [toolbar.plugin] : []),
      ...(options.plugins ?? []),
    ],
  });
  if (toolbar) options.toolbarMount.replaceChildren(toolbar.el);
  const editable = options.editable;
  return new EditorView(options.mount, {
    state,
    editable: () => editable,
    attributes: {
      role: 'textbox',
      'aria-multiline': 'true',
      'aria-label': 'Page text',
      'aria-readonly': editable ? 'false' : 'true',
      class: 'page-text',
      spellcheck: 'true',
    },
  });
}
