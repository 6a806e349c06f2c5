// Draws the report's interactive charts with ECharts (echarts.min.js, copied beside this file) from the
// JSON specs embedded in index.html: one <script type="application/json" class="chart-spec"> per chart,
// holding the same series as the PNG/SVG beside it. Kinds: line (markers), plain (no markers), dashed,
// bound (thick, labelled, drawn on top), scatter, band (a filled polygon, e.g. a confidence band).
(function () {
  'use strict';
  function fmt(v) {
    if (v === null || v === undefined) { return ''; }
    var a = Math.abs(v);
    // 1e6, 2.5e-4 rather than 1.000e+6: tick labels of log axes stay short.
    return a !== 0 && (a < 1e-3 || a >= 1e5) ? Number(v.toPrecision(4)).toExponential().replace('e+', 'e')
      : String(+v.toPrecision(6));
  }
  function series(spec) {
    return spec.series.map(function (s) {
      if (s.kind === 'band') {
        return {
          type: 'custom', name: s.name, data: s.points, z: 1, silent: true, tooltip: { show: false },
          encode: { x: 0, y: 1 },
          renderItem: function (params, api) {
            if (params.dataIndex !== 0) { return null; }
            var pts = s.points.filter(function (p) { return p[0] !== null && p[1] !== null; })
              .map(function (p) { return api.coord(p); });
            return { type: 'polygon', shape: { points: pts }, style: { fill: s.color, opacity: s.opacity } };
          }
        };
      }
      var bound = s.kind === 'bound';
      return {
        type: s.kind === 'scatter' ? 'scatter' : 'line', name: s.name, data: s.points,
        showSymbol: s.kind === 'line' || s.kind === 'scatter', symbolSize: s.kind === 'scatter' ? 7 : 5,
        z: bound ? 10 : 5, connectNulls: false,
        lineStyle: { color: s.color, width: bound ? 3 : 1.6, type: s.kind === 'dashed' ? 'dashed' : 'solid' },
        itemStyle: { color: s.color },
        endLabel: bound ? { show: true, formatter: s.name, color: s.color, fontWeight: 'bold' } : undefined
      };
    });
  }
  function axis(name, log, gap) {
    return {
      type: log ? 'log' : 'value', name: name, nameLocation: 'middle', nameGap: gap, scale: true,
      axisLabel: { formatter: fmt }, splitLine: { lineStyle: { color: '#eee' } }
    };
  }
  function render(el, spec) {
    var chart = echarts.init(el, null, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      title: { text: spec.title, left: 'center', textStyle: { fontSize: 13 } },
      tooltip: {
        trigger: 'item',
        formatter: function (p) { return p.seriesName + '<br>' + spec.x + ' = ' + fmt(p.value[0]) + '<br>' + spec.y + ' = ' + fmt(p.value[1]); }
      },
      legend: { type: 'scroll', bottom: 0, data: spec.series.filter(function (s) { return s.kind !== 'band'; }).map(function (s) { return s.name; }) },
      grid: { left: 82, right: 110, top: 44, bottom: 70 },
      toolbox: { feature: { dataZoom: {}, restore: {}, saveAsImage: {} } },
      dataZoom: [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' }, { type: 'inside', yAxisIndex: 0, filterMode: 'none' }],
      xAxis: axis(spec.x, spec.logX, 28),
      yAxis: axis(spec.y, spec.logY, 58),
      series: series(spec)
    });
    el.setAttribute('data-rendered', String(spec.series.length));
  }
  function start() {
    var specs = document.querySelectorAll('script.chart-spec');
    for (var i = 0; i < specs.length; i++) {
      var el = document.getElementById(specs[i].getAttribute('data-chart'));
      try {
        el.innerHTML = '';
        render(el, JSON.parse(specs[i].textContent));
      } catch (e) {
        el.setAttribute('data-error', String(e));
      }
    }
  }
  if (typeof echarts === 'undefined') { return; } // the PNG stays in place
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
}());
