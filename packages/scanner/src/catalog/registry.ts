import type { Cataloger } from './cataloger.ts';
import { catalogers as os } from './os/index.ts';
import { catalogers as javascript } from './javascript/index.ts';
import { catalogers as python } from './python/index.ts';
import { catalogers as ruby } from './ruby/index.ts';
import { catalogers as php } from './php/index.ts';
import { catalogers as rust } from './rust/index.ts';
import { catalogers as golang } from './golang/index.ts';
import { catalogers as java } from './java/index.ts';
import { catalogers as dotnet } from './dotnet/index.ts';

/** Every cataloger, one folder per ecosystem family. Adding an ecosystem adds one entry. */
export const allCatalogers: readonly Cataloger[] = [
  ...os,
  ...javascript,
  ...python,
  ...ruby,
  ...php,
  ...rust,
  ...golang,
  ...java,
  ...dotnet,
];
