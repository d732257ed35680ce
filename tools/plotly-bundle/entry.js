// The trace types the pages use (dashboard/charts/: scatter, bar, waterfall, heatmap)
// and the Indonesian locale; plotly.js's own lib/ modules, as its CUSTOM_BUNDLE.md shows.
'use strict';

var Plotly = require('plotly.js/lib/core'); // core holds scatter

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/waterfall'),
    require('plotly.js/lib/heatmap'),
    require('plotly.js/lib/locales/id'),
    require('./locale-id-dictionary'),
]);

module.exports = Plotly;
