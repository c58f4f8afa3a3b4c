// A shell's command history as bash keeps it in memory: at most HISTSIZE (500) lines, the oldest
// dropped first, numbered on from the first line ever entered (so `history` shows 501… after 500
// lines have gone). Without the bound a long session's history would only grow.

export const HISTSIZE = 500;

/** How many lines each history list has dropped (a list is shared by a shell and the shells it opens). */
const dropped = new WeakMap<readonly string[], number>();

/** Adds one line, dropping the oldest beyond HISTSIZE. */
export function addHistory(history: string[], line: string, limit = HISTSIZE): void {
  history.push(line);
  const over = history.length - limit;
  if (over > 0) {
    history.splice(0, over);
    dropped.set(history, (dropped.get(history) ?? 0) + over);
  }
}

/** The number `history` prints for the entry at `index` in the list. */
export function historyNumber(history: readonly string[], index: number): number {
  return (dropped.get(history) ?? 0) + index + 1;
}
