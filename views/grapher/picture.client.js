// Grapher's charts are drawn on the server as SVG. Here, with ECharts' SSR client, hovering a bar or a
// point shows its value. The numbers come from the JSON beside each chart; nothing is fetched.
(function () {
  var client = window['echarts-ssr-client'];
  if (!client || typeof client.hydrate !== 'function') return;
  var tip = document.createElement('div');
  tip.className = 'chart-tip';
  tip.setAttribute('role', 'tooltip');
  tip.hidden = true;
  document.body.appendChild(tip);

  function formatter(currency) {
    try {
      return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency, maximumFractionDigits: 0 });
    } catch (e) {
      return new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
    }
  }

  document.querySelectorAll('figure.chart').forEach(function (figure) {
    var island = figure.querySelector('script.chart-data');
    if (!island) return;
    var data;
    try {
      data = JSON.parse(island.textContent);
    } catch (e) {
      return;
    }
    var money = formatter(data.currency);
    client.hydrate(figure, {
      on: {
        mouseover: function (p) {
          if (p.ssrType !== 'chart') return;
          var series = data.series[p.seriesIndex];
          if (!series || p.dataIndex === undefined) return;
          var value = series.data[p.dataIndex];
          if (value === null || value === undefined) return;
          var category = data.categories[p.dataIndex];
          var name = category !== undefined && category !== series.name ? (data.series.length > 1 ? series.name + ' · ' + category : category) : series.name;
          tip.textContent = name + ': ' + money.format(value);
          tip.style.left = p.event.clientX + 12 + 'px';
          tip.style.top = p.event.clientY + 12 + 'px';
          tip.hidden = false;
        },
        mouseout: function () {
          tip.hidden = true;
        },
      },
    });
  });
})();
