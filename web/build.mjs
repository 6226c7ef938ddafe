// Bundles the two pages with esbuild: minified IIFE scripts (es2020) and their CSS, no
// external requests at run time.
//
//   node build.mjs [--outdir DIR]      (default web/dist; works from any directory)
//
// Writes DIR/report.js + DIR/report.css from src/report/main.js (+ src/report/report.css)
// and DIR/classroom.js + DIR/classroom.css from src/classroom/main.js (+ classroom.css);
// a page whose main.js does not exist yet is skipped with a message. CSS imported from the
// JavaScript and the page's own .css file (with its @imports) end up in the one .css file.
import { build } from 'esbuild';
import { existsSync, mkdirSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join, resolve, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const o = { outdir: join(webDir, 'dist') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--outdir' || a === '-o') {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a directory`);
      o.outdir = resolve(process.cwd(), argv[++i]);
    } else if (a.startsWith('--outdir=')) {
      o.outdir = resolve(process.cwd(), a.slice('--outdir='.length));
    } else if (a === '-h' || a === '--help') {
      console.log('usage: node build.mjs [--outdir DIR]   (default web/dist)');
      process.exit(0);
    } else {
      throw new Error(`unknown argument '${a}' (usage: node build.mjs [--outdir DIR])`);
    }
  }
  return o;
}

const common = {
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  platform: 'browser',
  legalComments: 'none',
  charset: 'utf8',
  write: false,
  logLevel: 'warning',
  absWorkingDir: webDir,
  define: { 'process.env.NODE_ENV': '"production"', __DEV__: 'false' },
};

async function buildPage(page, outdir) {
  const srcDir = join(webDir, 'src', page);
  const entry = join(srcDir, 'main.js');
  if (!existsSync(entry)) {
    console.log(`build: skipping ${page}: ${relative(process.cwd(), entry) || entry} does not exist yet`);
    return null;
  }
  const js = await build({ ...common, entryPoints: [entry], outfile: join(outdir, `${page}.js`) });
  let jsText = '';
  let cssText = '';
  for (const f of js.outputFiles) {
    if (f.path.endsWith('.js')) jsText += f.text;
    else if (f.path.endsWith('.css')) cssText += f.text;
  }
  const cssEntry = join(srcDir, `${page}.css`);
  if (existsSync(cssEntry)) {
    const css = await build({ ...common, format: undefined, entryPoints: [cssEntry], outfile: join(outdir, `${page}.css`) });
    for (const f of css.outputFiles) if (f.path.endsWith('.css')) cssText += f.text;
  }
  // The bundle is inlined in a <script>: it must not contain a closing script tag.
  jsText = jsText.replace(/<\/(script)/gi, '<\\/$1');
  mkdirSync(outdir, { recursive: true });
  const jsOut = join(outdir, `${page}.js`);
  const cssOut = join(outdir, `${page}.css`);
  writeFileSync(jsOut, jsText);
  writeFileSync(cssOut, cssText);
  const kb = (p) => `${(statSync(p).size / 1024).toFixed(0)} KB`;
  console.log(`build: ${relative(process.cwd(), jsOut) || jsOut} (${kb(jsOut)}), ${relative(process.cwd(), cssOut) || cssOut} (${kb(cssOut)})`);
  return { js: jsOut, css: cssOut };
}

let args;
try {
  args = parseArgs(process.argv.slice(2));
} catch (e) {
  console.error(`build: ${e.message || e}`);
  process.exit(2);
}
// Each page is built on its own: one failing does not stop the other (exit status 1).
let failed = 0;
for (const page of ['report', 'classroom']) {
  try {
    await buildPage(page, args.outdir);
  } catch (e) {
    failed++;
    console.error(`build: ${page} failed: ${e.message || e}`);
  }
}
process.exit(failed ? 1 : 0);
