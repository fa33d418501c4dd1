/**
 * Comment text on screen: text nodes, mentions as "@Name" and safe links, built as DOM nodes from
 * shared/comments.ts's commentSegments; never HTML. Line breaks show through CSS (pre-wrap).
 */
import { h } from '../../dom.js';
import { commentSegments } from '../../../shared/comments.js';

/** The nodes of one comment's text. */
export function commentTextNodes(text: string, myId: string): Node[] {
  return commentSegments(text).map((segment) => {
    if (segment.kind === 'text') return document.createTextNode(segment.text);
    if (segment.kind === 'mention') return h('span', { class: segment.userId === myId ? 'mention mention-me' : 'mention' }, `@${segment.name}`);
    return h('a', { href: segment.href, rel: 'noopener noreferrer', target: '_blank' }, segment.text);
  });
}
