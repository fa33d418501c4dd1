/** What every screen is: an element to show and a destroy() that releases what it holds. */
export interface View {
  el: HTMLElement;
  destroy(): void;
}
