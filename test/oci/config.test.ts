import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { asDiffId } from '../../src/engine/ids';
import {
  configBytes,
  emptyContainerConfig,
  imageIdOf,
  parseConfig,
  type ImageConfig,
} from '../../src/engine/oci/config';
import { goString, goTime } from '../../src/engine/oci/gojson';
import { pureSha256 } from '../../src/engine/oci/sha256';

const D1 = asDiffId('sha256:' + 'a'.repeat(64));
const D2 = asDiffId('sha256:' + 'b'.repeat(64));

const committed: ImageConfig = {
  architecture: 'amd64',
  author: 'Ada <ada@example.com>',
  config: {
    ...emptyContainerConfig(),
    Hostname: '3f2a',
    Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    Cmd: ['/bin/sh', '-c', 'echo <hi> & bye'],
    Image: 'alpine',
    Labels: { z: '1', a: '2' },
    ExposedPorts: { '80/tcp': {} },
  },
  created: '2024-05-01T10:00:00.123456789Z',
  docker_version: '27.5.1',
  history: [
    { created: '2024-01-01T00:00:00Z', created_by: '/bin/sh -c #(nop) ADD file:abc in / ' },
    {
      created: '2024-05-01T10:00:00.123456789Z',
      created_by: '/bin/sh -c echo <hi> & bye',
      author: 'Ada <ada@example.com>',
      comment: 'first',
    },
    { created: '2024-05-01T10:00:01Z', empty_layer: true },
  ],
  os: 'linux',
  rootfs: { type: 'layers', diff_ids: [D1, D2] },
};

describe('image config bytes', () => {
  it('writes top-level keys sorted, nested fields in Go struct order, no spaces, HTML escaped', () => {
    const expected =
      '{"architecture":"amd64","author":"Ada \\u003cada@example.com\\u003e",' +
      '"config":{"Hostname":"3f2a","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,' +
      '"ExposedPorts":{"80/tcp":{}},"Tty":false,"OpenStdin":false,"StdinOnce":false,' +
      '"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],' +
      '"Cmd":["/bin/sh","-c","echo \\u003chi\\u003e \\u0026 bye"],"Image":"alpine","Volumes":null,"WorkingDir":"",' +
      '"Entrypoint":null,"OnBuild":null,"Labels":{"a":"2","z":"1"}},' +
      '"created":"2024-05-01T10:00:00.123456789Z","docker_version":"27.5.1",' +
      '"history":[{"created":"2024-01-01T00:00:00Z","created_by":"/bin/sh -c #(nop) ADD file:abc in / "},' +
      '{"created":"2024-05-01T10:00:00.123456789Z","author":"Ada \\u003cada@example.com\\u003e","created_by":"/bin/sh -c echo \\u003chi\\u003e \\u0026 bye","comment":"first"},' +
      '{"created":"2024-05-01T10:00:01Z","empty_layer":true}],' +
      `"os":"linux","rootfs":{"type":"layers","diff_ids":["${D1}","${D2}"]}}`;
    expect(new TextDecoder().decode(configBytes(committed))).toBe(expected);
  });

  it('puts container and container_config where sorting puts them', () => {
    const text = new TextDecoder().decode(
      configBytes({ ...committed, container: 'c0ffee', container_config: emptyContainerConfig() }),
    );
    expect(Object.keys(JSON.parse(text) as object)).toEqual([
      'architecture',
      'author',
      'config',
      'container',
      'container_config',
      'created',
      'docker_version',
      'history',
      'os',
      'rootfs',
    ]);
  });

  it('writes a healthcheck after Cmd, leaving out its zero fields', () => {
    const cfg = {
      ...committed,
      config: {
        ...emptyContainerConfig(),
        Cmd: ['sh'],
        Healthcheck: { Test: ['CMD-SHELL', 'true'], Interval: 30e9 },
      },
    };
    expect(new TextDecoder().decode(configBytes(cfg))).toContain(
      '"Cmd":["sh"],"Healthcheck":{"Test":["CMD-SHELL","true"],"Interval":30000000000},"Image":""',
    );
  });

  it('the image id is the sha256 of exactly those bytes', () => {
    const bytes = configBytes(committed);
    expect(imageIdOf(bytes, pureSha256)).toBe(`sha256:${createHash('sha256').update(bytes).digest('hex')}`);
  });

  it('parses back to the same bytes', () => {
    expect(configBytes(parseConfig(configBytes(committed)))).toEqual(configBytes(committed));
  });

  it('refuses a config without rootfs', () => {
    expect(() => parseConfig(new TextEncoder().encode('{"architecture":"amd64"}'))).toThrow(
      'invalid image config: no rootfs',
    );
  });
});

describe('Go JSON details', () => {
  it('escapes strings as encoding/json does', () => {
    expect(goString('a"b\\c\n\r\t\b\f\u0001\u001f<>&\u2028\u2029é😀')).toBe(
      '"a\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f\\u003c\\u003e\\u0026\\u2028\\u2029é😀"',
    );
    expect(goString('\ud800x')).toBe('"\\ufffdx"');
  });

  it('formats times as RFC 3339 with trailing zeros of the fraction dropped', () => {
    expect(goTime(Date.UTC(2024, 4, 1, 10, 0, 0, 0))).toBe('2024-05-01T10:00:00Z');
    expect(goTime(Date.UTC(2024, 4, 1, 10, 0, 0, 120))).toBe('2024-05-01T10:00:00.12Z');
    expect(goTime(Date.UTC(2024, 4, 1, 10, 0, 0, 120), 456_789)).toBe('2024-05-01T10:00:00.120456789Z');
  });
});
