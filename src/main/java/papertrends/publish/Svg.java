package papertrends.publish;

import static papertrends.publish.Html.esc;
import static papertrends.publish.Html.num;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import papertrends.publish.ReportModel.Point;
import papertrends.publish.ReportModel.RisingTerm;
import papertrends.publish.ReportModel.Series;

/**
 * Inline SVG charts drawn on the server: a line chart of topic shares, a bar chart of rising
 * terms and sparklines. Every chart carries data-chart, every series data-series, and the count
 * of series it draws in data-series-expected, so a browser check can compare.
 */
public final class Svg {
  private Svg() {}

  /** Series colours (Tableau 10), picked by series position. */
  static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
      "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

  /** The colour of the i-th series. */
  public static String color(int i) {
    return PALETTE[Math.floorMod(i, PALETTE.length)];
  }

  private static final int W = 960;
  private static final int H = 320;
  private static final int LEFT = 52;
  // room for half of a centred last tick label (yyyy-MM-dd), which must not be cut off
  private static final int RIGHT = 36;
  private static final int TOP = 12;
  private static final int BOTTOM = 28;

  /**
   * Line chart of topic shares over time; hot series drawn thick, on top. With a single period
   * (one trending snapshot) the shares are bars instead.
   */
  public static String shareChart(String name, List<Series> series) {
    if (!series.isEmpty() && series.stream().allMatch(x -> x.points().size() == 1)
        && series.stream().map(x -> x.points().get(0).start()).distinct().count() == 1) {
      List<Bar> bars = new ArrayList<>();
      for (Series x : series) {
        double share = x.points().get(0).share();
        bars.add(new Bar("topic-" + x.topicId(), x.label(), share, Html.pct(share),
            x.label() + (x.hot() ? " (hot)" : "") + ": " + Html.pct(share),
            x.hot() ? "hot" : ""));
      }
      bars.sort(java.util.Comparator.comparingDouble((Bar x) -> -x.value()));
      return bars(name, "Topic shares", bars, "no trend rows");
    }
    LocalDate first = null;
    LocalDate last = null;
    double maxShare = 0;
    for (Series s : series) {
      for (Point p : s.points()) {
        first = first == null || p.start().isBefore(first) ? p.start() : first;
        last = last == null || p.start().isAfter(last) ? p.start() : last;
        maxShare = Math.max(maxShare, p.share());
      }
    }
    StringBuilder b = open("chart lines", name, series.size(), W, H, "Topic shares over time");
    if (first == null) {
      b.append("<text x=\"").append(W / 2).append("\" y=\"").append(H / 2)
          .append("\" text-anchor=\"middle\" class=\"empty\">no trend rows</text></svg>");
      return b.toString();
    }
    // Four or fewer gridline steps of a round size (1, 2, 2.5 or 5 times a power of ten).
    double step = niceCeil((maxShare <= 0 ? 0.01 : maxShare * 1.05) / 4);
    int steps = (int) Math.max(1, Math.ceil(maxShare * 1.05 / step - 1e-9));
    if (step * steps > 1 && maxShare <= 1) {
      // Shares never pass 100%: a tall early peak (a year of two papers) stops at 100%.
      step = 0.25;
      steps = 4;
    }
    double yMax = step * steps;
    long d0 = first.toEpochDay();
    long span = Math.max(1, last.toEpochDay() - d0);
    double pw = W - LEFT - RIGHT;
    double ph = H - TOP - BOTTOM;
    // Axes and grid.
    b.append("<g class=\"axis\">");
    for (int i = 0; i <= steps; i++) {
      double v = step * i;
      double y = TOP + ph - ph * v / yMax;
      b.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(W - RIGHT)
          .append("\" y1=\"").append(num(y, 1)).append("\" y2=\"").append(num(y, 1))
          .append("\" class=\"grid\"/>");
      b.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(num(y + 4, 1))
          .append("\" text-anchor=\"end\">").append(percent(v))
          .append("</text>");
    }
    List<LocalDate> ticks = ticks(first, last);
    DateTimeFormatter fmt = DateTimeFormatter.ofPattern(tickPattern(ticks, first, last));
    for (LocalDate t : ticks) {
      double x = LEFT + pw * (t.toEpochDay() - d0) / span;
      b.append("<line x1=\"").append(num(x, 1)).append("\" x2=\"").append(num(x, 1))
          .append("\" y1=\"").append(TOP + ph).append("\" y2=\"").append(num(TOP + ph + 4, 1))
          .append("\" class=\"tick\"/>");
      b.append("<text x=\"").append(num(x, 1)).append("\" y=\"").append(H - 8)
          .append("\" text-anchor=\"middle\">").append(t.format(fmt))
          .append("</text>");
    }
    b.append("</g>");
    // Series: the steady ones first, hot ones on top.
    for (boolean hotPass : new boolean[] {false, true}) {
      for (int i = 0; i < series.size(); i++) {
        Series s = series.get(i);
        if (s.hot() != hotPass) {
          continue;
        }
        b.append("<g class=\"series").append(s.hot() ? " hot" : "")
            .append("\" data-series=\"topic-").append(s.topicId()).append("\" stroke=\"")
            .append(color(i)).append("\"><title>").append(esc(s.label()))
            .append(s.hot() ? " (hot)" : "").append("</title>");
        List<double[]> xy = new ArrayList<>();
        for (Point p : s.points()) {
          xy.add(new double[] {LEFT + pw * (p.start().toEpochDay() - d0) / span,
              TOP + ph - ph * Math.max(0, p.share()) / yMax});
        }
        appendLine(b, xy, "line");
        b.append("</g>");
      }
    }
    b.append("</svg>");
    return b.toString();
  }

  /** One bar: its series id, label, value, value text, tooltip and extra CSS class. */
  public record Bar(String series, String label, double value, String valueText, String title,
      String cls) {}

  /** Horizontal bars of rising terms by z-score. */
  public static String risingChart(String name, List<RisingTerm> terms) {
    List<Bar> bars = new ArrayList<>();
    for (int i = 0; i < terms.size(); i++) {
      RisingTerm t = terms.get(i);
      bars.add(new Bar("term-" + i, t.term(), t.zscore(), "z " + num(t.zscore(), 1),
          t.term() + ": z " + num(t.zscore(), 2) + ", " + t.docFreq() + " papers", ""));
    }
    return bars(name, "Rising terms", bars, "no rising terms in these periods");
  }

  /** Horizontal bars, longest value first as given; labels cut, everything escaped. */
  public static String bars(String name, String aria, List<Bar> bars, String emptyText) {
    int row = 22;
    // labels of at most 22 characters (12px) fit left of the bars, values right of them
    int labelW = 200;
    int w = 500;
    int h = Math.max(40, bars.size() * row + 10);
    StringBuilder b = open("chart bars", name, bars.size(), w, h, aria);
    if (bars.isEmpty()) {
      b.append("<text x=\"10\" y=\"24\" class=\"empty\">").append(esc(emptyText))
          .append("</text>");
    }
    double max = bars.stream().mapToDouble(Bar::value).filter(Double::isFinite).max()
        .orElse(1);
    max = max <= 0 ? 1 : max;
    double barMax = w - labelW - 70;
    for (int i = 0; i < bars.size(); i++) {
      Bar bar = bars.get(i);
      double y = 5 + i * row;
      double len = Double.isFinite(bar.value()) && bar.value() > 0
          ? Math.max(2, barMax * bar.value() / max) : 2;
      b.append("<g data-series=\"").append(esc(bar.series())).append('"')
          .append(bar.cls().isEmpty() ? "" : " class=\"" + esc(bar.cls()) + "\"")
          .append("><title>").append(esc(bar.title())).append("</title>");
      b.append("<text x=\"").append(labelW - 6).append("\" y=\"").append(num(y + 15, 1))
          .append("\" text-anchor=\"end\">").append(Html.escCut(bar.label(), 22))
          .append("</text>");
      b.append("<rect x=\"").append(labelW).append("\" y=\"").append(num(y + 3, 1))
          .append("\" width=\"").append(num(len, 1)).append("\" height=\"").append(row - 6)
          .append("\" rx=\"2\" class=\"bar\"/>");
      b.append("<text x=\"").append(num(labelW + len + 5, 1)).append("\" y=\"")
          .append(num(y + 15, 1)).append("\" class=\"val\">").append(esc(bar.valueText()))
          .append("</text></g>");
    }
    b.append("</svg>");
    return b.toString();
  }

  /** A small line of one topic's share, its last point marked. */
  public static String sparkline(int topicId, List<Point> points, boolean hot) {
    int w = 260;
    int h = 40;
    StringBuilder b = open(hot ? "spark hot" : "spark", "sparkline", points.isEmpty() ? 0 : 1,
        w, h, "share over time");
    // The line fills the card's width whatever its size.
    b.insert(b.length() - 1, " preserveAspectRatio=\"none\"");
    if (!points.isEmpty()) {
      long d0 = points.get(0).start().toEpochDay();
      long span = Math.max(1, points.get(points.size() - 1).start().toEpochDay() - d0);
      double max = points.stream().mapToDouble(Point::share).max().orElse(0);
      max = max <= 0 ? 1 : max;
      List<double[]> xy = new ArrayList<>();
      for (Point p : points) {
        xy.add(new double[] {2 + (w - 8) * (double) (p.start().toEpochDay() - d0) / span,
            h - 3 - (h - 6) * Math.max(0, p.share()) / max});
      }
      b.append("<g class=\"series\" data-series=\"topic-").append(topicId).append("\">");
      appendLine(b, xy, "line");
      double[] endPt = xy.get(xy.size() - 1);
      b.append("<circle cx=\"").append(num(endPt[0], 1)).append("\" cy=\"")
          .append(num(endPt[1], 1)).append("\" r=\"2.5\" class=\"end\"/></g>");
    }
    b.append("</svg>");
    return b.toString();
  }

  /** The opening tag of a chart: its class, name, declared series count and view box. */
  private static StringBuilder open(String cls, String name, int series, int w, int h,
      String label) {
    return new StringBuilder().append("<svg class=\"").append(cls).append("\" data-chart=\"")
        .append(esc(name)).append("\" data-series-expected=\"").append(series)
        .append("\" viewBox=\"0 0 ").append(w).append(' ').append(h)
        .append("\" role=\"img\" aria-label=\"").append(esc(label))
        .append("\" xmlns=\"http://www.w3.org/2000/svg\">");
  }

  private static void appendLine(StringBuilder b, List<double[]> xy, String cls) {
    if (xy.size() == 1) {
      b.append("<circle cx=\"").append(num(xy.get(0)[0], 1)).append("\" cy=\"")
          .append(num(xy.get(0)[1], 1)).append("\" r=\"3\" class=\"dot\"/>");
      return;
    }
    b.append("<path class=\"").append(cls).append("\" d=\"");
    for (int i = 0; i < xy.size(); i++) {
      b.append(i == 0 ? 'M' : 'L').append(num(xy.get(i)[0], 1)).append(',')
          .append(num(xy.get(i)[1], 1));
    }
    b.append("\"/>");
  }

  /** A gridline label: a round share as a percentage without trailing zeros. */
  static String percent(double share) {
    return java.math.BigDecimal.valueOf(share * 100).setScale(3, java.math.RoundingMode.HALF_UP)
        .stripTrailingZeros().toPlainString() + "%";
  }

  /** A round number at or above v (1, 2, 2.5 or 5 times a power of ten). */
  static double niceCeil(double v) {
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= v - 1e-12) {
        return m * p;
      }
    }
    return 10 * p;
  }

  /** At most about ten ticks on calendar boundaries between first and last. */
  static List<LocalDate> ticks(LocalDate first, LocalDate last) {
    List<LocalDate> out = new ArrayList<>();
    long months = ChronoUnit.MONTHS.between(first.withDayOfMonth(1), last.withDayOfMonth(1));
    if (months >= 3) {
      int step = 1;
      for (int s : new int[] {1, 2, 3, 6, 12, 24, 60, 120, 240}) {
        step = s;
        if (months / s <= 9) {
          break;
        }
      }
      LocalDate t = step >= 12 ? LocalDate.of(first.getYear(), 1, 1) : first.withDayOfMonth(1);
      if (step >= 12) {
        t = t.withYear(t.getYear() - Math.floorMod(t.getYear(), step / 12));
      }
      for (; !t.isAfter(last); t = t.plusMonths(step)) {
        if (!t.isBefore(first)) {
          out.add(t);
        }
      }
      return out;
    }
    long days = ChronoUnit.DAYS.between(first, last);
    long step = Math.max(1, (days + 8) / 9);
    for (LocalDate t = first; !t.isAfter(last); t = t.plusDays(step)) {
      out.add(t);
    }
    return out;
  }

  private static String tickPattern(List<LocalDate> ticks, LocalDate first, LocalDate last) {
    boolean yearly = ticks.size() > 1
        && ticks.stream().allMatch(t -> t.getMonthValue() == 1 && t.getDayOfMonth() == 1);
    if (yearly) {
      return "yyyy";
    }
    return ChronoUnit.MONTHS.between(first.withDayOfMonth(1), last.withDayOfMonth(1)) >= 3
        ? "yyyy-MM" : first.getYear() == last.getYear() ? "MM-dd" : "yyyy-MM-dd";
  }
}
