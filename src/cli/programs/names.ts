// The names of the simulated programs, known before their code is loaded: the page fetches a program
// group (coreutils, services) the first time one of its programs runs, but the shell must find names,
// list them in `help` and complete them from the start. The group tables check they match these lists.

export const COREUTIL_NAMES = [
  'ls',
  'cat',
  'echo',
  'printf',
  'touch',
  'mkdir',
  'rm',
  'rmdir',
  'mv',
  'cp',
  'ln',
  'chmod',
  'chown',
  'head',
  'tail',
  'wc',
  'grep',
  'sort',
  'find',
  'stat',
  'du',
  'df',
  'env',
  'hostname',
  'whoami',
  'id',
  'uname',
  'ps',
  'which',
  'sleep',
  'date',
] as const;

export const SERVICE_NAMES = [
  'curl',
  'apt-get',
  'apt',
  'nginx',
  'redis-cli',
  'vi',
  'vim',
  'nano',
  'hello',
] as const;

export type CoreutilName = (typeof COREUTIL_NAMES)[number];
export type ServiceName = (typeof SERVICE_NAMES)[number];
