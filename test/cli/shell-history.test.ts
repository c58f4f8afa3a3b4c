// The shell's history in a long session (found by the soak): bash keeps HISTSIZE lines in memory and
// numbers on from the first line, so `history` after 600 lines lists 101…600, and a nested shell that
// shares the list sees the same numbers.
import { describe, expect, it } from 'vitest';
import { hostSession } from '../../src/cli/session';
import { HISTSIZE, addHistory, historyNumber } from '../../src/cli/sh/history';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import { runLine } from './shell-harness';

describe('shell history', () => {
  it(`keeps the last ${HISTSIZE} lines, numbered from the first line ever typed`, async () => {
    const { engine } = await openHost({ seed: 1, time: GOLDEN_TIME });
    const session = hostSession(engine);
    for (let n = 1; n <= 599; n++) await runLine(session, `echo ${n}`);
    const lines = (await runLine(session, 'history')).out.split('\n').filter(Boolean);
    expect(lines).toHaveLength(HISTSIZE);
    expect(lines[0]).toBe('  101  echo 101');
    expect(lines.at(-1)).toBe('  600  history');
  });

  it('a list shared by two shells is bounded once and numbered alike', () => {
    const history: string[] = [];
    for (let n = 1; n <= 12; n++) addHistory(history, `l${n}`, 5);
    expect(history).toEqual(['l8', 'l9', 'l10', 'l11', 'l12']);
    expect(history.map((_, i) => historyNumber(history, i))).toEqual([8, 9, 10, 11, 12]);
    expect(historyNumber([], 0)).toBe(1);
  });
});
