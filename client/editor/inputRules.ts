/** Markdown-like shortcuts while typing: "# " heading, "- " bullet, "1. " numbered, "> " quote. */
import { inputRules, textblockTypeInputRule, wrappingInputRule, smartQuotes, ellipsis, emDash } from 'prosemirror-inputrules';
import type { Plugin } from 'prosemirror-state';
import { schema } from '../../shared/schema.js';

const { nodes } = schema;

/** The input-rules plugin for Quire's schema. */
export function quireInputRules(): Plugin {
  return inputRules({
    rules: [
      ...smartQuotes,
      ellipsis,
      emDash,
      textblockTypeInputRule(/^(#{1,3})\s$/, nodes.heading, (match) => ({ level: match[1].length })),
      wrappingInputRule(/^\s*>\s$/, nodes.blockquote),
      wrappingInputRule(/^\s*([-+*])\s$/, nodes.bullet_list),
      wrappingInputRule(
        /^(\d+)\.\s$/,
        nodes.ordered_list,
        (match) => ({ order: +match[1] }),
        (match, node) => node.childCount + node.attrs.order === +match[1],
      ),
    ],
  });
}
