// /hello of the hello-world image, run by hand: the same text the container prints.

import { HELLO_TEXT } from '../../../engine/runtime/processes';
import type { Program } from '../../types';

export const hello: Program = async (_argv, ctx) => {
  ctx.io.out(`${HELLO_TEXT}`);
  return 0;
};
