// plotly.js 3.7.0's own 'id' locale carries date formats but an empty dictionary; these
// are the words its toolbar and hints can show on our charts (config: displayModeBar
// with toImage only, no zoom), in Indonesian. Registered after lib/locales/id, plotly
// merges the two.
'use strict';

module.exports = {
    moduleType: 'locale',
    name: 'id',
    dictionary: {
        'Download plot as a PNG': 'Unduh grafik sebagai PNG',
        'Download plot': 'Unduh grafik',
        'Taking snapshot - this may take a few seconds': 'Membuat gambar, mungkin perlu beberapa detik',
        'Snapshot succeeded': 'Gambar berhasil dibuat',
        'Sorry, there was a problem downloading your snapshot!': 'Maaf, gambar gagal diunduh.',
        'Double-click to zoom back out': 'Klik dua kali untuk memperkecil kembali',
        'Autoscale': 'Skala otomatis',
        'Reset axes': 'Atur ulang sumbu',
        'Zoom in': 'Perbesar',
        'Zoom out': 'Perkecil',
        'trace': 'seri',
    },
    format: {}
};
