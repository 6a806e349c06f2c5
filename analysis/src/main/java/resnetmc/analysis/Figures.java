package resnetmc.analysis;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Headless XChart figures, each saved as PNG and SVG. */
final class Figures {
    static final int WIDTH = 640;
    static final int HEIGHT = 420;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b)};

    private Figures() {
    }

    static Color color(int i) {
        return PALETTE[i % PALETTE.length];
    }

    static Color translucent(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    static XYChart xy(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        chart.getStyler().setLegendBackgroundColor(new Color(255, 255, 255, 200));
        return chart;
    }

    /** A line with markers. */
    static void line(XYChart chart, String name, double[] x, double[] y, Color c) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setLineColor(c);
        s.setMarkerColor(c);
        s.setMarker(SeriesMarkers.CIRCLE);
    }

    /** A dashed line without markers (a bound). */
    static void dashed(XYChart chart, String name, double[] x, double[] y, Color c) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setLineColor(c);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
                10f, new float[] {6f, 4f}, 0f));
    }

    /**
     * A bound: a thick solid line without markers, meant to be added after the data so it is drawn on top;
     * its name is its label (legend here, a label at the line's end in the interactive chart).
     */
    static void bound(XYChart chart, String name, double[] x, double[] y, Color c) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setLineColor(c);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(new java.awt.BasicStroke(3f));
    }

    /** Markers only. */
    static void scatter(XYChart chart, String name, double[] x, double[] y, Color c) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarkerColor(c);
        s.setMarker(SeriesMarkers.CIRCLE);
    }

    /** A filled band between low and high, drawn as a closed polygon. */
    static void band(XYChart chart, String name, double[] x, double[] low, double[] high, Color c) {
        int n = x.length;
        double[] px = new double[2 * n];
        double[] py = new double[2 * n];
        for (int i = 0; i < n; i++) {
            px[i] = x[i];
            py[i] = low[i];
            px[2 * n - 1 - i] = x[i];
            py[2 * n - 1 - i] = high[i];
        }
        XYSeries s = chart.addSeries(name, px, py);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        s.setFillColor(c);
        s.setLineColor(translucent(c, 0));
        s.setMarker(SeriesMarkers.NONE);
        // Bands share their line's colour and are explained in the report's text: one legend entry per group.
        s.setShowInLegend(false);
    }

    /** Log axes where the positive data span at least two decades. */
    static void logAxesWhereUseful(XYChart chart, List<double[]> xs, List<double[]> ys) {
        boolean logX = spansDecades(xs);
        boolean logY = spansDecades(ys);
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setXAxisDecimalPattern(logX ? "0.#E0" : "#,##0.###");
        chart.getStyler().setYAxisDecimalPattern(logY ? "0.#E0" : "#,##0.####");
        if (logY) {
            // A band's lower end (mean - 1.96 se) can be <= 0 for a positive quantity with a wide spread;
            // a log axis cannot show it, so it is drawn at a tenth of the smallest positive value.
            double floor = Double.POSITIVE_INFINITY;
            for (double[] v : ys) {
                for (double y : v) {
                    if (y > 0) {
                        floor = Math.min(floor, y / 10);
                    }
                }
            }
            for (XYSeries s : chart.getSeriesMap().values()) {
                double[] y = s.getYData().clone();
                boolean changed = false;
                for (int i = 0; i < y.length; i++) {
                    if (!(y[i] > 0)) {
                        y[i] = floor;
                        changed = true;
                    }
                }
                if (changed) {
                    s.replaceData(s.getXData(), y, null);
                }
            }
        }
    }

    static boolean spansDecades(List<double[]> values) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (double[] v : values) {
            for (double x : v) {
                if (!(x > 0) && !Double.isNaN(x)) {
                    return false; // a log axis cannot show 0 or negatives
                }
                if (x > 0 && Double.isFinite(x)) {
                    min = Math.min(min, x);
                    max = Math.max(max, x);
                }
            }
        }
        return max > 0 && max / min >= 100;
    }

    static CategoryChart histogram(String title, String x) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x)
                .yAxisTitle("trials").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setXAxisLabelRotation(60);
        chart.getStyler().setXAxisDecimalPattern("0.##");
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        return chart;
    }

    /**
     * The chart as a JSON spec for the report's ECharts renderer ({@code web/report.js}): title, axis names
     * and scales, and every series with its kind, colour and points (NaN as null), as drawn in the PNG.
     */
    static String spec(XYChart chart) {
        StringBuilder sb = new StringBuilder("{\"title\":").append(json(chart.getTitle()))
                .append(",\"x\":").append(json(chart.getXAxisTitle())).append(",\"y\":").append(json(chart.getYAxisTitle()))
                .append(",\"logX\":").append(chart.getStyler().isXAxisLogarithmic())
                .append(",\"logY\":").append(chart.getStyler().isYAxisLogarithmic()).append(",\"series\":[");
        boolean first = true;
        for (XYSeries s : chart.getSeriesMap().values()) {
            String kind;
            Color c = s.getLineColor();
            if (s.getXYSeriesRenderStyle() == XYSeries.XYSeriesRenderStyle.PolygonArea) {
                kind = "band";
                c = s.getFillColor();
            } else if (s.getXYSeriesRenderStyle() == XYSeries.XYSeriesRenderStyle.Scatter) {
                kind = "scatter";
                c = s.getMarkerColor();
            } else if (s.getLineStyle() != null && s.getLineStyle().getDashArray() != null) {
                kind = "dashed";
            } else if (s.getMarker() == SeriesMarkers.NONE) {
                kind = s.getLineStyle() != null && s.getLineStyle().getLineWidth() >= 3f ? "bound" : "plain";
            } else {
                kind = "line";
            }
            if (c == null) {
                c = Color.BLACK;
            }
            sb.append(first ? "" : ",").append("{\"name\":").append(json(s.getName())).append(",\"kind\":\"").append(kind)
                    .append("\",\"color\":\"").append(String.format("#%06x", c.getRGB() & 0xffffff)).append("\",\"opacity\":")
                    .append(Math.round(c.getAlpha() / 255.0 * 1000) / 1000.0).append(",\"points\":[");
            double[] x = s.getXData();
            double[] y = s.getYData();
            for (int i = 0; i < x.length; i++) {
                sb.append(i == 0 ? "" : ",").append('[').append(num(x[i])).append(',').append(num(y[i])).append(']');
            }
            sb.append("]}");
            first = false;
        }
        return sb.append("]}").toString();
    }

    private static String num(double v) {
        return Double.isFinite(v) ? TextTable.shortest(v) : "null";
    }

    /** A JSON string literal; {@code <} escaped so the spec can sit in a script element. */
    static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : (s == null ? "" : s).toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '<' -> sb.append("\\u003c");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Writes name.png and name.svg under dir; returns the PNG file name. */
    static String save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path dir, String name) throws IOException {
        BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
        VectorGraphicsEncoder.saveVectorGraphic(chart, dir.resolve(name).toString(),
                VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        return name + ".png";
    }
}
