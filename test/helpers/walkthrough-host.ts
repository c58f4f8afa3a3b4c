// The seed walkthrough's states, built with the real engine and catalog: for the view-model and
// component tests of the stack, union view and layer graph.

import type { Engine } from '../../src/engine/engine';
import { GOLDEN_TIME, openHost } from '../../src/node/host';

export const HTML = '/usr/share/nginx/html';

/** redis and nginx pulled (nginx shares redis's Debian base layer). */
export async function pulledHost(): Promise<Engine> {
  const { engine } = await openHost({ seed: 7, time: GOLDEN_TIME });
  await engine.pull('redis');
  await engine.pull('nginx');
  return engine;
}

/** ...and `web` running nginx on port 8888 with index.html swapped for 50x.html, as the walkthrough does. */
export async function editedHost(): Promise<Engine> {
  const engine = await pulledHost();
  await engine.run({
    image: 'nginx',
    name: 'web',
    ports: [{ containerPort: 80, proto: 'tcp', hostIp: '', hostPort: 8888 }],
  });
  await engine.changeFs('web', (u) => {
    u.rename(`${HTML}/index.html`, `${HTML}/index.html.bak`);
    u.rename(`${HTML}/50x.html`, `${HTML}/index.html`);
  });
  return engine;
}

/** ...and committed as nginx01:1.0. */
export async function committedHost(): Promise<Engine> {
  const engine = await editedHost();
  await engine.commit({
    container: 'web',
    reference: 'nginx01:1.0',
    author: 'xiaomotong',
    message: 'modify index.html',
  });
  return engine;
}
