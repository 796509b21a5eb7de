import { chromium } from 'playwright-core';
import { CHROMIUM, TestServer } from '/work/main/tests/support.mjs';
const server = await TestServer.start();
const browser = await chromium.launch(CHROMIUM);
const N = 20;
const mode = process.env.MODE;
const t0 = performance.now();
for (let i = 0; i < N; i++) {
  const ctx = await browser.newContext({ viewport: { width: 820, height: 1180 }, locale: 'ar-SA', serviceWorkers: 'block' });
  const page = await ctx.newPage();
  if (mode === 'blank') await page.goto('about:blank');
  if (mode === 'health') await page.goto(`${server.url}/healthz`);
  if (mode === 'css') await page.goto(`${server.url}/style.css`);
  await ctx.close();
}
console.log(mode, 'per load ms', ((performance.now() - t0) / N).toFixed(0));
await browser.close(); await server.stop();
