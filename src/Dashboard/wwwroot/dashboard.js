// The dashboard's only JS: Chart.js stacked bars of counts per level over time.
const colours = { DEBUG: '#adb5bd', INFO: '#3d8bfd', WARN: '#f0ad05', ERROR: '#dc3545', FATAL: '#6f1d6b' };

export function drawLevels(canvasId, series) {
  const canvas = document.getElementById(canvasId);
  if (!canvas) return;
  const datasets = series.levels.map(l => ({
    label: l.level, data: l.counts, backgroundColor: colours[l.level] ?? '#888', borderWidth: 0, barPercentage: 0.95, categoryPercentage: 0.95
  }));
  const existing = Chart.getChart(canvas);
  if (existing) {
    existing.data.labels = series.labels;
    existing.data.datasets = datasets;
    existing.update('none');
    return;
  }
  new Chart(canvas, {
    type: 'bar',
    data: { labels: series.labels, datasets },
    options: {
      animation: false, maintainAspectRatio: false, responsive: true,
      interaction: { mode: 'index', intersect: false },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 10, font: { size: 11 } } } },
      scales: {
        x: { stacked: true, grid: { display: false }, ticks: { maxTicksLimit: 12, font: { size: 10 } } },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0, font: { size: 10 } } }
      }
    }
  });
}
