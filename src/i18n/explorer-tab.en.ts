// The explorer's tab label: in the first download, because the tab shows before the explorer loads.
// The rest of the explorer's English (explorer.en.ts) arrives with it.

export const explorerTabEn = {
  'explorer.tab': 'Explorer',
} as const;
