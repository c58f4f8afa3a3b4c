import { describe, expect, it } from 'vitest';
import { COREUTILS } from '../../src/cli/programs/coreutils';
import { COREUTIL_NAMES, SERVICE_NAMES } from '../../src/cli/programs/names';
import { containerPrograms, hostPrograms, preloadPrograms } from '../../src/cli/programs/registry';
import { preloadShell } from '../../src/cli/session';
import { SERVICES } from '../../src/cli/programs/services';

// The registry knows the programs by name before their code is loaded (the browser fetches each
// group on first use); these names must be the loaded tables' names, in the same order.

describe('the program registry', () => {
  it('names the coreutils and services in the order of their tables', () => {
    expect([...COREUTIL_NAMES]).toEqual(Object.keys(COREUTILS));
    expect([...SERVICE_NAMES]).toEqual(Object.keys(SERVICES));
  });

  it('offers the coreutils, docker, curl and the editors on the host, and coreutils and services in containers', () => {
    expect(Object.keys(hostPrograms())).toEqual([
      ...Object.keys(COREUTILS),
      'docker',
      'curl',
      'vi',
      'vim',
      'nano',
    ]);
    expect(Object.keys(containerPrograms())).toEqual([...Object.keys(COREUTILS), ...Object.keys(SERVICES)]);
  });

  it('preloading the program groups and the shell language resolves', async () => {
    await expect(preloadPrograms()).resolves.toBeUndefined();
    await expect(preloadShell()).resolves.toBeUndefined();
  });
});
