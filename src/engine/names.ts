// Generated container names: `<adjective>_<surname>` (moby pkg/namesgenerator's pattern, our own lists).

import type { Random } from './platform';

const ADJECTIVES = [
  'agile', 'amber', 'brave', 'bright', 'calm', 'careful', 'cheerful', 'clever', 'cosmic', 'curious',
  'daring', 'deft', 'eager', 'earnest', 'fearless', 'fluent', 'gentle', 'glad', 'golden', 'graceful',
  'hardy', 'honest', 'humble', 'jolly', 'keen', 'kind', 'lively', 'lucid', 'merry', 'mindful',
  'modest', 'nimble', 'noble', 'patient', 'placid', 'playful', 'polite', 'proud', 'quick', 'quiet',
  'radiant', 'rapid', 'serene', 'sharp', 'shiny', 'silent', 'steady', 'sturdy', 'sunny', 'swift',
  'tender', 'tidy', 'tranquil', 'upbeat', 'vivid', 'warm', 'wise', 'witty', 'zealous', 'zesty',
];

// Scientists and engineers whose work computing stands on.
const SURNAMES = [
  'allen', 'babbage', 'backus', 'bardeen', 'bartik', 'berners_lee', 'boole', 'borg', 'cerf', 'clarke',
  'codd', 'conway', 'curie', 'dijkstra', 'engelbart', 'euler', 'faraday', 'feynman', 'floyd', 'franklin',
  'gauss', 'goldberg', 'hamilton', 'hamming', 'hopper', 'hoare', 'huffman', 'johnson', 'kahan', 'kay',
  'kernighan', 'knuth', 'lamarr', 'lamport', 'liskov', 'lovelace', 'mccarthy', 'meitner', 'minsky', 'noether',
  'noyce', 'perlman', 'ramanujan', 'ritchie', 'shannon', 'shaw', 'sinoussi', 'sparck_jones',
  'stallman', 'sutherland', 'tarjan', 'thompson', 'torvalds', 'turing', 'vaughan', 'wilkes', 'wirth', 'wozniak',
  'yalow', 'zuse',
];

function pick<T>(random: Random, list: readonly T[]): T {
  return list[random.uint32() % list.length] as T;
}

/** One candidate name; from the second try on a random digit is appended, as moby does. */
export function generateName(random: Random, retry: number): string {
  for (;;) {
    const name = `${pick(random, ADJECTIVES)}_${pick(random, SURNAMES)}`;
    if (name === 'boring_wozniak') continue; // Steve Wozniak is not boring
    return retry > 0 ? `${name}${random.uint32() % 10}` : name;
  }
}

export const VALID_CONTAINER_NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
