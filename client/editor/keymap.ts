/**
 * Quire's key bindings: marks, collaborative undo (own changes only, via y-prosemirror), lists,
 * tables, then ProseMirror's base keymap. Order matters: the first binding that handles a key wins.
 */
import { keymap } from 'prosemirror-keymap';
import { baseKeymap, chainCommands, exitCode } from 'prosemirror-commands';
import { splitListItem, sinkListItem, liftListItem } from 'prosemirror-schema-list';
import { goToNextCell } from 'prosemirror-tables';
import { undo, redo } from 'y-prosemirror';
import type { Command, Plugin } from 'prosemirror-state';
import { schema } from '../../shared/schema.js';
import { setHeading, setParagraph, toggleBold, toggleItalic, toggleStrike, toggleUnderline } from './commands.js';

const { nodes } = schema;

const insertHardBreak: Command = chainCommands(exitCode, (state, dispatch) => {
  dispatch?.(state.tr.replaceSelectionWith(nodes.hard_break.create()).scrollIntoView());
  return true;
});

/** The keymap plugins, most specific first. */
export function quireKeymaps(): Plugin[] {
  return [
    keymap({
      'Mod-z': undo,
      'Mod-y': redo,
      'Mod-Shift-z': redo,
      'Mod-b': toggleBold,
      'Mod-i': toggleItalic,
      'Mod-u': toggleUnderline,
      'Mod-Shift-s': toggleStrike,
      'Mod-Alt-0': setParagraph,
      'Mod-Alt-1': setHeading(1),
      'Mod-Alt-2': setHeading(2),
      'Mod-Alt-3': setHeading(3),
      'Shift-Enter': insertHardBreak,
      Enter: splitListItem(nodes.list_item),
      // In a table Tab moves between cells; in a list it nests. Elsewhere Tab is left to the
      // browser so keyboard users can leave the editor.
      Tab: chainCommands(goToNextCell(1), sinkListItem(nodes.list_item)),
      'Shift-Tab': chainCommands(goToNextCell(-1), liftListItem(nodes.list_item)),
    }),
    keymap(baseKeymap),
  ];
}
