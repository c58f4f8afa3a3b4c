// The bytes of a Redis 7.4 snapshot (RDB version 12) holding string keys: what SAVE writes to
// /data/dump.rdb. The checksum is left zero, which Redis reads as "not computed".

const enc = new TextEncoder();

/** RDB length encoding: 6-bit, 14-bit, or 32-bit big-endian. */
function length(n: number): number[] {
  if (n < 64) return [n];
  if (n < 16384) return [0x40 | (n >> 8), n & 0xff];
  return [0x80, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

function str(s: string): number[] {
  const b = enc.encode(s);
  return [...length(b.length), ...b];
}

export function rdbBytes(data: ReadonlyMap<string, string>, ctime: number): Uint8Array {
  const out: number[] = [...enc.encode('REDIS0012')];
  const aux = (k: string, v: string) => out.push(0xfa, ...str(k), ...str(v));
  aux('redis-ver', '7.4.2');
  aux('redis-bits', '64');
  aux('ctime', String(ctime));
  aux('used-mem', String(1000000 + data.size * 64));
  aux('aof-base', '0');
  if (data.size) {
    out.push(0xfe, 0, 0xfb, ...length(data.size), 0);
    for (const [k, v] of data) out.push(0, ...str(k), ...str(v));
  }
  out.push(0xff, 0, 0, 0, 0, 0, 0, 0, 0);
  return Uint8Array.from(out);
}
