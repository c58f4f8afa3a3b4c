import { describe, expect, it } from 'vitest';
import { progressText } from '../../src/cli/format/progress';
import {
  bytesSize,
  coreutilsHumanSize,
  goDurationSeconds,
  humanDuration,
  humanSize,
  humanSizeWithPrecision,
} from '../../src/cli/format/units';

const KB = 1000;
const MB = 1000 * KB;
const GB = 1000 * MB;
const TB = 1000 * GB;
const PB = 1000 * TB;
const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
const TiB = 1024 * GiB;
const PiB = 1024 * TiB;

describe('humanSize (go-units, base 1000)', () => {
  it('docker images sizes with 3 significant digits', () => {
    expect([78.16e6, 7.8e6, 192e6, 1234, 0].map((n) => humanSizeWithPrecision(n, 3))).toEqual([
      '78.2MB',
      '7.8MB',
      '192MB',
      '1.23kB',
      '0B',
    ]);
  });

  it("go-units' own HumanSize vectors (4 digits)", () => {
    expect(humanSize(1000)).toBe('1kB');
    expect(humanSize(1024)).toBe('1.024kB');
    expect(humanSize(1000000)).toBe('1MB');
    expect(humanSize(1048576)).toBe('1.049MB');
    expect(humanSize(2 * MB)).toBe('2MB');
    expect(humanSize(3.42 * GB)).toBe('3.42GB');
    expect(humanSize(5.372 * TB)).toBe('5.372TB');
    expect(humanSize(2.22 * PB)).toBe('2.22PB');
    expect(humanSize(10000000000000 * PB)).toBe('1e+04YB');
  });

  it('keeps Go %g quirks: exponent form when rounding reaches the next power, ties to even', () => {
    expect(humanSizeWithPrecision(999_900, 3)).toBe('1e+03kB');
    expect(humanSizeWithPrecision(1125, 3)).toBe('1.12kB');
    expect(humanSizeWithPrecision(1135, 3)).toBe('1.14kB');
    expect(humanSizeWithPrecision(999, 3)).toBe('999B');
  });
});

describe('bytesSize (go-units, base 1024)', () => {
  it("go-units' own BytesSize vectors", () => {
    expect(bytesSize(1024)).toBe('1KiB');
    expect(bytesSize(1024 * 1024)).toBe('1MiB');
    expect(bytesSize(2 * MiB)).toBe('2MiB');
    expect(bytesSize(3.42 * GiB)).toBe('3.42GiB');
    expect(bytesSize(5.372 * TiB)).toBe('5.372TiB');
    expect(bytesSize(2.22 * PiB)).toBe('2.22PiB');
    expect(bytesSize(KiB * KiB * KiB * KiB * KiB * PiB)).toBe('1.049e+06YiB');
  });
});

describe('coreutils -h sizes (ls -lh, du -h, df -h)', () => {
  it('matches GNU coreutils 9.1 (rounded up, one decimal under 10)', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [1, '1'],
      [1023, '1023'],
      [1024, '1.0K'],
      [1025, '1.1K'],
      [10239, '10K'],
      [10240, '10K'],
      [1048575, '1.0M'],
      [1048576, '1.0M'],
      [5000000, '4.8M'],
      [1073741824, '1.0G'],
      [1024 * 1023, '1023K'],
      [1024 * 1023 + 1, '1.0M'],
    ];
    expect(cases.map(([n]) => coreutilsHumanSize(n))).toEqual(cases.map(([, s]) => s));
  });
});

describe('humanDuration (go-units)', () => {
  const s = 1000;
  const min = 60 * s;
  const hour = 60 * min;
  const day = 24 * hour;
  const week = 7 * day;
  const month = 30 * day;
  const year = 365 * day;

  it("go-units' own vectors", () => {
    const cases: [number, string][] = [
      [450, 'Less than a second'],
      [1 * s, '1 second'],
      [45 * s, '45 seconds'],
      [46 * s, '46 seconds'],
      [59 * s, '59 seconds'],
      [60 * s, 'About a minute'],
      [1 * min, 'About a minute'],
      [3 * min, '3 minutes'],
      [35 * min, '35 minutes'],
      [35 * min + 40 * s, '35 minutes'],
      [45 * min, '45 minutes'],
      [45 * min + 40 * s, '45 minutes'],
      [46 * min, '46 minutes'],
      [59 * min, '59 minutes'],
      [1 * hour, 'About an hour'],
      [1 * hour + 29 * min, 'About an hour'],
      [1 * hour + 31 * min, '2 hours'],
      [1 * hour + 59 * min, '2 hours'],
      [3 * hour, '3 hours'],
      [3 * hour + 29 * min, '3 hours'],
      [3 * hour + 31 * min, '4 hours'],
      [3 * hour + 59 * min, '4 hours'],
      [3 * hour + 60 * min, '4 hours'],
      [24 * hour, '24 hours'],
      [1 * day + 12 * hour, '36 hours'],
      [2 * day, '2 days'],
      [7 * day, '7 days'],
      [13 * day + 5 * hour, '13 days'],
      [2 * week, '2 weeks'],
      [2 * week + 4 * day, '2 weeks'],
      [3 * week, '3 weeks'],
      [4 * week, '4 weeks'],
      [4 * week + 3 * day, '4 weeks'],
      [1 * month, '4 weeks'],
      [1 * month + 2 * week, '6 weeks'],
      [2 * month, '2 months'],
      [2 * month + 2 * week, '2 months'],
      [3 * month, '3 months'],
      [3 * month + 1 * week, '3 months'],
      [5 * month + 2 * week, '5 months'],
      [13 * month, '13 months'],
      [23 * month, '23 months'],
      [24 * month, '24 months'],
      [24 * month + 2 * week, '2 years'],
      [3 * year + 2 * month, '3 years'],
    ];
    expect(cases.map(([ms]) => humanDuration(ms))).toEqual(cases.map(([, t]) => t));
  });

  it('boundaries: 999ms, 1999ms, 59.999s, 119.9s, 47h59m, negative', () => {
    expect([999, 1999, 59_999, 119_900, 47 * hour + 29 * min, -5000].map(humanDuration)).toEqual([
      'Less than a second',
      '1 second',
      '59 seconds',
      'About a minute',
      '47 hours',
      'Less than a second',
    ]);
  });

  it("Go's Duration.String for whole seconds", () => {
    expect([0, 5, 65, 3600, 3725].map(goDurationSeconds)).toEqual(['0s', '5s', '1m5s', '1h0m0s', '1h2m5s']);
  });
});

describe('pull progress bar (jsonmessage)', () => {
  it('1.081MB of 31.36MB draws one = and the sizes right-aligned in 8 columns', () => {
    expect(progressText({ current: 1.081e6, total: 31.36e6 })).toBe(
      '[=>                                                 ]  1.081MB/31.36MB',
    );
  });

  it('the bar is floor(percent)/2 wide and caps at 50', () => {
    expect(progressText({ current: 50, total: 100 })).toBe(
      '[=========================>                         ]      50B/100B',
    );
    expect(progressText({ current: 100, total: 100 })).toBe(
      '[==================================================>]     100B/100B',
    );
    expect(progressText({ current: 0, total: 100 })).toBe(
      '[>                                                  ]       0B/100B',
    );
  });

  it('a current beyond the total drops the total', () => {
    expect(progressText({ current: 120, total: 100 })).toBe(
      '[==================================================>]     120B',
    );
  });

  it('narrow terminals get no bar; unknown totals only the count', () => {
    expect(progressText({ current: 1.081e6, total: 31.36e6, width: 80 })).toBe(' 1.081MB/31.36MB');
    expect(progressText({ current: 2048, total: 0 })).toBe(' 2.048kB');
    expect(progressText({ current: 0, total: 0 })).toBe('');
  });

  it('adds the time left while under half done', () => {
    expect(progressText({ current: 10e6, total: 40e6, elapsedMs: 2000 })).toBe(
      '[============>                                      ]     10MB/40MB 6s',
    );
  });

  it('counts with units instead of bytes', () => {
    expect(progressText({ current: 2, total: 7, units: 'layers', width: 80 })).toBe('2/7 layers');
  });
});
