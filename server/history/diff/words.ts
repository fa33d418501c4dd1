/**
 * How Quire counts words, for revision sizes and diffs: a word is a run of letters or digits,
 * which may be joined by an apostrophe, hyphen or full stop ("don't", "co-author", "3.5").
 * Punctuation and symbols on their own are not words.
 */

const WORD = /[\p{L}\p{N}]+(?:['’.\-][\p{L}\p{N}]+)*/gu;

/** The number of words in a piece of plain text. */
export function countWordsIn(text: string): number {
  let n = 0;
  WORD.lastIndex = 0;
  while (WORD.exec(text) !== null) n++;
  return n;
}

/**
 * Counts the words of inserted and deleted text along a diff, in reading order. Consecutive inserted
 * pieces form one run (text the other side deleted in between does not split it), and likewise for
 * deleted pieces; unchanged text and block boundaries end the runs, so "cat" becoming "cart" adds one
 * word ("r") and typing " big" into "a dog" adds one.
 */
export class WordTally {
  added = 0;
  removed = 0;
  private inserted = '';
  private deleted = '';

  insert(text: string): void {
    this.inserted += text;
  }

  delete(text: string): void {
    this.deleted += text;
  }

  /** Ends the current runs: at unchanged text, an inline atom or a block boundary. */
  boundary(): void {
    if (this.inserted) this.added += countWordsIn(this.inserted);
    if (this.deleted) this.removed += countWordsIn(this.deleted);
    this.inserted = '';
    this.deleted = '';
  }
}
