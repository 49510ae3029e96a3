(function () {
  var root = document.documentElement;
  function fail(msg) {
    root.setAttribute('data-render-error', String(msg));
    root.setAttribute('data-render-ok', 'false');
  }
  try {
    // 1. Check that every chart drew its series: each one has a non-empty box in the layout.
    var ok = true;
    var charts = document.querySelectorAll('[data-chart]');
    for (var i = 0; i < charts.length; i++) {
      var series = charts[i].querySelectorAll('[data-series]');
      var drawn = 0;
      for (var j = 0; j < series.length; j++) {
        var box = series[j].getBBox();
        if (box.width > 0 || box.height > 0) { drawn++; }
      }
      charts[i].setAttribute('data-series-rendered', String(drawn));
      // Labels drawn past the view box are cut off by the browser: count them.
      var vb = charts[i].viewBox && charts[i].viewBox.baseVal;
      var texts = charts[i].querySelectorAll('text');
      var clipped = 0;
      for (var t = 0; vb && t < texts.length; t++) {
        var tb = texts[t].getBBox();
        if (tb.x < vb.x - 0.5 || tb.y < vb.y - 0.5 || tb.x + tb.width > vb.x + vb.width + 0.5
            || tb.y + tb.height > vb.y + vb.height + 0.5) { clipped++; }
      }
      charts[i].setAttribute('data-labels-clipped', String(clipped));
      if (String(drawn) !== charts[i].getAttribute('data-series-expected')) { ok = false; }
    }
    root.setAttribute('data-charts-rendered', String(charts.length));

    // 2. Legend: hovering a topic brings its line forward.
    var lines = document.querySelector('svg[data-chart="topic-shares"]');
    var items = document.querySelectorAll('ul.legend li[data-ref]');
    for (var k = 0; k < items.length; k++) {
      items[k].addEventListener('mouseenter', function (ev) {
        var ref = ev.currentTarget.getAttribute('data-ref');
        var s = lines.querySelector('[data-series="' + ref + '"]');
        if (s) { lines.classList.add('focus'); s.classList.add('on'); }
      });
      items[k].addEventListener('mouseleave', function () {
        lines.classList.remove('focus');
        var on = lines.querySelectorAll('.on');
        for (var m = 0; m < on.length; m++) { on[m].classList.remove('on'); }
      });
    }

    // 3. Topic cards: collapse all but the first ones (after the check above saw them all).
    var cards = document.querySelectorAll('article.card');
    var expanded = parseInt(root.getAttribute('data-expanded-cards') || '24', 10);
    var more = document.getElementById('more-topics');
    var filter = document.getElementById('topic-filter');
    var showAll = false;
    function apply() {
      var q = filter ? filter.value.trim().toLowerCase() : '';
      var shown = 0;
      for (var c = 0; c < cards.length; c++) {
        var match = !q || cards[c].textContent.toLowerCase().indexOf(q) >= 0;
        var hide = !match || (!q && !showAll && c >= expanded);
        cards[c].classList.toggle('collapsed', hide);
        if (!hide) { shown++; }
      }
      if (more) {
        more.hidden = !!q || showAll || cards.length <= expanded;
        more.textContent = 'Show all ' + cards.length + ' topics';
      }
      root.setAttribute('data-cards-shown', String(shown));
    }
    if (more) { more.addEventListener('click', function () { showAll = true; apply(); }); }
    if (filter) { filter.addEventListener('input', apply); }
    apply();

    var errors = window.__reportErrors || [];
    root.setAttribute('data-render-ok', ok && errors.length === 0 ? 'true' : 'false');
  } catch (e) {
    fail(e && e.message ? e.message : e);
  }
})();
