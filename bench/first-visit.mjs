// First visit of a page in Debian's Chromium with a cold cache, throttled to 10 Mbit/s and 40 ms
// of round trip: prints the milliseconds until the page is interactive (the WASM has hydrated it:
// `html[data-hydrated]`) and the bytes transferred. Usage: node bench/first-visit.mjs URL [RUNS]
import { chromium } from 'playwright-core';

const [url, runs = '5'] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const times = [];
let bytes = 0;
for (let i = 0; i < Number(runs); i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 40, downloadThroughput: 10e6 / 8, uploadThroughput: 10e6 / 8,
  });
  let transferred = 0;
  cdp.on('Network.loadingFinished', (e) => { transferred += e.encodedDataLength; });
  const start = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached', timeout: 120_000 });
  times.push(Date.now() - start);
  bytes = transferred;
  await context.close();
}
await browser.close();
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`first visit ${url}: interactive in ${median} ms (median of ${times.length}: ${times.join(', ')}), ${(bytes / 1024).toFixed(0)} KiB transferred`);
