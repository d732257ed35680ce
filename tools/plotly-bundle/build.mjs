// Builds ../../static/vendor/plotly-mcp.min.js with esbuild and the plugins and options of
// plotly.js's own esbuild-config.js (the npm package ships that file but not the tasks/
// it imports, so its options are repeated here). Run from this folder:
//   npm ci && node build.mjs
// The result is committed, so running or testing the app never needs npm.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, copyFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const { environmentPlugin } = require('esbuild-plugin-environment');
const { glsl } = require('esbuild-plugin-glsl');
const InlineCSSPlugin = require('esbuild-plugin-inline-css');

const plotlyVersion = require('plotly.js/package.json').version;
const out = new URL('../../static/vendor/plotly-mcp.min.js', import.meta.url).pathname;
const licence = new URL('../../static/vendor/plotly-mcp.LICENSE.txt', import.meta.url).pathname;

const banner = `/**
* plotly.js v${plotlyVersion} partial bundle for the MCP dashboard: core (scatter), bar,
* waterfall, heatmap and the Indonesian locale. Built by tools/plotly-bundle/build.mjs.
* Copyright 2012-2026, Plotly, Inc. All rights reserved.
* Licensed under the MIT license (plotly-mcp.LICENSE.txt beside this file).
*/`;

await build({
    entryPoints: [new URL('./entry.js', import.meta.url).pathname],
    outfile: out,
    format: 'iife',
    globalName: 'Plotly',
    bundle: true,
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    banner: { js: banner },
    plugins: [InlineCSSPlugin(), glsl({ minify: true }), environmentPlugin({ NODE_DEBUG: false })],
    alias: { stream: 'stream-browserify' },
    define: { global: 'window', 'define.amd': 'false' },
    target: 'es2016',
    logLevel: 'info',
});

copyFileSync(require.resolve('plotly.js/LICENSE'), licence);
const bytes = statSync(out).size;
const gz = gzipSync(readFileSync(out), { level: 9 }).length;
console.log(`plotly.js ${plotlyVersion}: ${out} ${bytes} bytes, ${gz} gzipped`);
writeFileSync(new URL('./VERSION', import.meta.url), `${plotlyVersion}\n`);
