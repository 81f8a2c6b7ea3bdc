import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBuiltAssets, type BuiltAsset } from '../http/static-assets.ts';

// From the sources (src/storefront) or bundled (dist/main.js).
const thisDir = dirname(fileURLToPath(import.meta.url));
export const WIDGET_DIST =
  [join(thisDir, '..', '..', 'packages', 'widget', 'dist'), join(thisDir, '..', 'packages', 'widget', 'dist')].find((dir) => existsSync(join(dir, 'assets.json'))) ??
  join(thisDir, '..', '..', 'packages', 'widget', 'dist');

export const WIDGET_PATH = '/widget/v1/';

let loaded: BuiltAsset | null = null;

/** The built widget script (npm run build); read once. */
export function widgetScript(): BuiltAsset {
  if (loaded) return loaded;
  let script: BuiltAsset | undefined;
  try {
    script = loadBuiltAssets(WIDGET_DIST).get('plaudit.js');
  } catch {
    // reported below
  }
  if (!script) throw new Error(`the widget is not built (${WIDGET_DIST}/assets.json): run npm run build`);
  return (loaded = script);
}

/** The widget's immutable URL, for pages this server renders. */
export const widgetScriptUrl = (): string => `${WIDGET_PATH}${widgetScript().file}`;
