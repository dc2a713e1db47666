// Builds every engine's index for a corpus, `runs` times, alternating the
// engines (A B C D E, A B C D E, ...), and measures each build (wall time and
// peak memory of the build process) and its output. The last run's output
// stays in the site, under /_engines/<engine>/, for the browser runs.

import fs from 'node:fs';
import path from 'node:path';
import { BENCH, log, measured, outputSize, sizeOfFiles, summary, walk } from './util.mjs';

/// Returns {results, failed}: an engine whose build fails is left out of
/// this corpus (with the reason), the others go on.
export async function buildAll(corpus, engines, runs) {
  const samples = Object.fromEntries(engines.map((e) => [e.name, []]));
  const failed = {};
  for (let run = 0; run < runs; run++) {
    for (const engine of engines) {
      if (failed[engine.name]) continue;
      const out = corpus.engineDir(engine.name);
      fs.rmSync(out, { recursive: true, force: true });
      fs.mkdirSync(out, { recursive: true });
      const [command, args] = engine.command(corpus, out);
      let sample;
      try {
        sample = measured(command, args);
      } catch (error) {
        failed[engine.name] = `build failed: ${error.message.split('\n')[0]}`;
        log(`warning: ${engine.label}'s build failed on ${corpus.name}; it is left out of this corpus: ${failed[engine.name]}`);
        continue;
      }
      samples[engine.name].push(sample);
      log(`${corpus.name} build ${run + 1}/${runs} ${engine.name}: ${sample.seconds.toFixed(2)} s, ${(sample.peak_rss_bytes / 1e6).toFixed(0)} MB`);
    }
  }
  const results = {};
  for (const engine of engines.filter((e) => !failed[e.name])) {
    const out = corpus.engineDir(engine.name);
    // The library files the page loads besides the index: copied after the
    // measured build, since a site has them already.
    await engine.assets(corpus, out);
    const all = outputSize(out);
    const search = sizeOfFiles(walk(out).filter((file) => engine.searchFile(path.relative(out, file))));
    results[engine.name] = {
      seconds: summary(samples[engine.name].map((s) => s.seconds)),
      peakRssBytes: summary(samples[engine.name].map((s) => s.peak_rss_bytes)),
      output: all,
      searchOutput: search,
    };
  }
  writePages(corpus, engines);
  return { results, failed };
}

/// The bench pages: /_bench/<engine>.html, the harness and the adapters.
function writePages(corpus, engines) {
  const pages = path.join(corpus.site, '_bench');
  fs.rmSync(pages, { recursive: true, force: true });
  fs.cpSync(path.join(BENCH, 'page'), pages, { recursive: true });
  const template = fs.readFileSync(path.join(BENCH, 'page', 'page.html'), 'utf8');
  for (const engine of engines) {
    fs.writeFileSync(path.join(pages, `${engine.name}.html`), template.replaceAll('ENGINE', engine.name).replace('lang="LANG"', `lang="${corpus.lang}"`));
  }
}
