// The instruction keywords BuildKit knows and its "did you mean" for a mistyped one
// (util/suggest: the closest keyword by Levenshtein distance below 3).

export const ALL_INSTRUCTIONS = [
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
] as const;

/** Levenshtein distance, for BuildKit's "did you mean" (util/suggest: distance below 3). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

export function suggestInstruction(typedName: string): string {
  const val = typedName.toLowerCase();
  let match = '';
  let best = 3;
  for (const opt of ALL_INSTRUCTIONS) {
    const lower = opt.toLowerCase();
    const d = distance(val, lower);
    if (d < best) {
      best = d;
      match =
        typedName === typedName.toLowerCase() ? lower : typedName === typedName.toUpperCase() ? opt : lower;
    }
  }
  return match === '' ? '' : ` (did you mean ${match}?)`;
}
