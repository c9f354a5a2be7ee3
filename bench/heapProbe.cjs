// Preloaded into the language server by the benchmark (`node --require`), so
// its heap can be read without the server's cooperation: it samples the peak
// heap and, on SIGUSR2, collects garbage and writes the figures to the file
// named by OKR_BENCH_HEAP_FILE.
'use strict';
const { writeFileSync, renameSync } = require('node:fs');

const file = process.env.OKR_BENCH_HEAP_FILE;
if (file) {
  let peakHeapUsed = 0;
  const sample = () => {
    peakHeapUsed = Math.max(peakHeapUsed, process.memoryUsage().heapUsed);
  };
  setInterval(sample, 20).unref();
  process.on('SIGUSR2', () => {
    sample();
    if (typeof global.gc === 'function') global.gc();
    const usage = process.memoryUsage();
    const report = { heapUsed: usage.heapUsed, rss: usage.rss, external: usage.external, arrayBuffers: usage.arrayBuffers, peakHeapUsed };
    writeFileSync(`${file}.tmp`, JSON.stringify(report));
    renameSync(`${file}.tmp`, file);
  });
}
