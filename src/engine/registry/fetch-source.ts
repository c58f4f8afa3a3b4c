// The catalog fetched over HTTP (the browser: `./catalog/<name>` next to the page). The fetch
// function is passed in, so that the engine touches no browser global.

import type { CatalogSource } from './registry';

export interface FetchResponse {
  ok: boolean;
  status: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export class FetchCatalogSource implements CatalogSource {
  constructor(
    private readonly baseUrl: string,
    private readonly fetchFn: (url: string) => Promise<FetchResponse>,
  ) {}

  async read(name: string): Promise<Uint8Array> {
    const base = this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`;
    const res = await this.fetchFn(base + name);
    if (!res.ok) throw new Error(`catalog file ${name}: HTTP ${res.status}`);
    // A server that adds Content-Encoding: gzip hands over plain JSON; the registry accepts both.
    return new Uint8Array(await res.arrayBuffer());
  }
}
