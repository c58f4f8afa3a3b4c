// The ChainID memo the engine keeps (found by the soak): it stays bounded however many stacks a long
// session makes, and a memo that was emptied still gives the same ChainIDs as no memo at all.
import { describe, expect, it } from 'vitest';
import { CHAIN_MEMO_LIMIT, chainIdsOf } from '../../src/engine/core';
import type { ChainId } from '../../src/engine/ids';
import { asDiffId } from '../../src/engine/ids';
import { nodePlatform } from '../../src/node/platform';

const platform = nodePlatform(1);
const hex = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

describe('chain id memo', () => {
  it('never holds more than its limit, and memoised answers equal computed ones', () => {
    const memo = new Map<string, ChainId>();
    const base = asDiffId(hex(0));
    let largest = 0;
    for (let n = 1; n <= CHAIN_MEMO_LIMIT * 2 + 10; n++) {
      chainIdsOf(platform, [base, asDiffId(hex(n))], memo);
      largest = Math.max(largest, memo.size);
    }
    expect(largest).toBe(CHAIN_MEMO_LIMIT);
    for (const n of [1, CHAIN_MEMO_LIMIT, CHAIN_MEMO_LIMIT * 2 + 10]) {
      const diffIds = [base, asDiffId(hex(n)), asDiffId(hex(n + 1))];
      expect(chainIdsOf(platform, diffIds, memo)).toEqual(chainIdsOf(platform, diffIds));
    }
  });
});
