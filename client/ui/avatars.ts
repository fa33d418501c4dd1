/** Small coloured initials for a person, with their name as the accessible name. */
import { h } from '../dom.js';
import { initials } from '../../shared/presence.js';

/** One avatar: initials on the person's colour; `label` is what a screen reader hears. */
export function avatar(name: string, color: string, label = name): HTMLElement {
  const el = h('span', { class: 'avatar', title: name, role: 'img', 'aria-label': label }, initials(name));
  el.style.backgroundColor = color;
  return el;
}
