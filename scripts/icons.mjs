// Draws the app's PNG icons from their SVG sources in app/icons/, with the browser the
// journeys use. Run again after changing an SVG: `node scripts/icons.mjs` (from the
// repository, once the browser tests' packages are installed).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { chromium } = createRequire(join(root, 'tests', 'package.json'))('playwright-core');
const icons = join(root, 'app', 'icons');

// [source, size, output]: the launcher icons the manifest names, and the home-screen icon
// that iOS looks for.
const wanted = [
  ['icon.svg', 192, 'icon-192.png'],
  ['icon.svg', 512, 'icon-512.png'],
  ['maskable.svg', 192, 'maskable-192.png'],
  ['maskable.svg', 512, 'maskable-512.png'],
  ['maskable.svg', 180, 'apple-touch-icon.png'],
];

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
for (const [source, size, output] of wanted) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const svg = readFileSync(join(icons, source), 'utf8');
  await page.setContent(`<style>*{margin:0}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
  await page.screenshot({ path: join(icons, output), omitBackground: true });
  await page.close();
}
await browser.close();
