package io.kizashi.precursor.notebook;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plain Java2D charts for the notebooks (headless, no chart library): a series with its expected value and
 * normal band above its score, a probability with its threshold, and x/y curves. Incidents are shaded.
 * Images are small (a few colours, 760 px wide) so committed notebooks stay small.
 */
public final class Charts {

    public static final int WIDTH = 760;
    private static final Color BAND = new Color(190, 210, 240);
    private static final Color EXPECTED = new Color(40, 90, 200);
    private static final Color ACTUAL = new Color(20, 20, 20);
    private static final Color ALERT = new Color(210, 40, 40);
    private static final Color INCIDENT = new Color(255, 225, 200);
    private static final Color[] PALETTE = {new Color(40, 90, 200), new Color(210, 40, 40), new Color(30, 150, 70), new Color(150, 80, 170)};
    private static final int LEFT = 60;
    private static final int RIGHT = 12;

    private Charts() {
    }

    /**
     * A series (black) with its expected value (blue) and band (light blue) on top, its score (0..1, red) below.
     *
     * @param incidents [start, end] pairs to shade (may be empty)
     */
    public static BufferedImage decomposition(String title, Instant[] t, double[] actual, double[] expected, double[] lower,
                                              double[] upper, double[] score, List<Instant[]> incidents) {
        int h = 330;
        BufferedImage img = canvas(h);
        Graphics2D g = graphics(img);
        title(g, title);
        double[] lim = range(actual, expected, lower, upper);
        Panel top = new Panel(t, lim[0], lim[1], 24, 220);
        Panel bottom = new Panel(t, 0, 1, 236, h - 24);
        top.shade(g, incidents);
        bottom.shade(g, incidents);
        top.band(g, lower, upper, BAND);
        top.line(g, expected, EXPECTED, 1.2f);
        top.line(g, actual, ACTUAL, 1f);
        bottom.bars(g, score, ALERT);
        top.axis(g, "value");
        bottom.axis(g, "score");
        bottom.timeLabels(g, h - 8);
        g.dispose();
        return img;
    }

    /** A probability over time (blue) with its alert threshold (red dashed) and incidents shaded. */
    public static BufferedImage probability(String title, Instant[] t, double[] p, double threshold, List<Instant[]> incidents) {
        int h = 200;
        BufferedImage img = canvas(h);
        Graphics2D g = graphics(img);
        title(g, title);
        double max = Math.max(threshold * 1.5, java.util.Arrays.stream(p).filter(Double::isFinite).max().orElse(1));
        Panel panel = new Panel(t, 0, Math.min(1, max * 1.05), 24, h - 24);
        panel.shade(g, incidents);
        panel.line(g, p, EXPECTED, 1.2f);
        panel.hline(g, threshold, ALERT);
        panel.axis(g, "probability");
        panel.timeLabels(g, h - 8);
        g.dispose();
        return img;
    }

    /** Curves y(x), one per name, e.g. early-warning recall against false alarms per day. */
    public static BufferedImage curves(String title, String xLabel, double[] x, Map<String, double[]> ys) {
        int h = 260;
        BufferedImage img = canvas(h);
        Graphics2D g = graphics(img);
        title(g, title);
        double[] xr = range(x);
        double[] yr = range(ys.values().toArray(double[][]::new));
        int top = 24;
        int bottom = h - 30;
        g.setColor(Color.GRAY);
        g.drawRect(LEFT, top, WIDTH - LEFT - RIGHT, bottom - top);
        int k = 0;
        for (Map.Entry<String, double[]> e : ys.entrySet()) {
            Color c = PALETTE[k % PALETTE.length];
            g.setColor(c);
            g.setStroke(new BasicStroke(1.5f));
            Path2D path = new Path2D.Double();
            boolean started = false;
            for (int i = 0; i < x.length; i++) {
                double yv = e.getValue()[i];
                if (!Double.isFinite(yv) || !Double.isFinite(x[i])) {
                    continue;
                }
                double px = LEFT + (x[i] - xr[0]) / (xr[1] - xr[0]) * (WIDTH - LEFT - RIGHT);
                double py = bottom - (yv - yr[0]) / (yr[1] - yr[0]) * (bottom - top);
                if (started) {
                    path.lineTo(px, py);
                } else {
                    path.moveTo(px, py);
                    started = true;
                }
                g.fillOval((int) px - 2, (int) py - 2, 4, 4);
            }
            g.draw(path);
            g.drawString(e.getKey(), LEFT + 8, top + 14 + 14 * k);
            k++;
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString(xLabel + "  " + fmt(xr[0]) + " .. " + fmt(xr[1]), LEFT, h - 10);
        g.drawString(fmt(yr[1]), 4, top + 10);
        g.drawString(fmt(yr[0]), 4, bottom);
        g.dispose();
        return img;
    }

    /** Convenience for {@link #curves}: an ordered map from alternating names and arrays. */
    public static Map<String, double[]> named(Object... nameThenValues) {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenValues.length; i += 2) {
            m.put((String) nameThenValues[i], (double[]) nameThenValues[i + 1]);
        }
        return m;
    }

    // ------------------------------------------------------------------ drawing

    private static BufferedImage canvas(int h) {
        BufferedImage img = new BufferedImage(WIDTH, h, BufferedImage.TYPE_BYTE_INDEXED);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, h);
        g.dispose();
        return img;
    }

    private static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        return g;
    }

    private static void title(Graphics2D g, String title) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString(title, LEFT, 16);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    }

    private static double[] range(double[]... arrays) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] a : arrays) {
            for (double v : a) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!Double.isFinite(lo)) {
            return new double[] {0, 1};
        }
        if (hi - lo < 1e-12) {
            hi = lo + 1;
        }
        double pad = (hi - lo) * 0.05;
        return new double[] {lo - pad, hi + pad};
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.3g", v);
    }

    /** One plotting area over the time axis. */
    private static final class Panel {
        final Instant[] t;
        final double lo;
        final double hi;
        final int top;
        final int bottom;
        final long t0;
        final long t1;

        Panel(Instant[] t, double lo, double hi, int top, int bottom) {
            this.t = t;
            this.lo = lo;
            this.hi = hi;
            this.top = top;
            this.bottom = bottom;
            this.t0 = t.length == 0 ? 0 : t[0].getEpochSecond();
            this.t1 = t.length == 0 ? 1 : Math.max(t0 + 1, t[t.length - 1].getEpochSecond());
        }

        double x(Instant i) {
            return LEFT + (i.getEpochSecond() - t0) / (double) (t1 - t0) * (WIDTH - LEFT - RIGHT);
        }

        double y(double v) {
            return bottom - (v - lo) / (hi - lo) * (bottom - top);
        }

        void shade(Graphics2D g, List<Instant[]> incidents) {
            g.setColor(INCIDENT);
            for (Instant[] w : incidents) {
                double a = Math.max(LEFT, x(w[0]));
                double b = Math.min(WIDTH - RIGHT, x(w[1]));
                if (b >= a) {
                    g.fillRect((int) a, top, Math.max(1, (int) (b - a)), bottom - top);
                }
            }
        }

        void band(Graphics2D g, double[] lower, double[] upper, Color c) {
            g.setColor(c);
            for (int i = 0; i + 1 < t.length; i++) {
                if (Double.isFinite(lower[i]) && Double.isFinite(upper[i])) {
                    int xa = (int) x(t[i]);
                    int xb = Math.max(xa + 1, (int) x(t[i + 1]));
                    int ya = (int) y(upper[i]);
                    int yb = (int) y(lower[i]);
                    g.fillRect(xa, ya, xb - xa, Math.max(1, yb - ya));
                }
            }
        }

        void line(Graphics2D g, double[] v, Color c, float width) {
            g.setColor(c);
            g.setStroke(new BasicStroke(width));
            Path2D path = new Path2D.Double();
            boolean started = false;
            for (int i = 0; i < t.length; i++) {
                if (!Double.isFinite(v[i])) {
                    started = false;
                    continue;
                }
                if (started) {
                    path.lineTo(x(t[i]), y(v[i]));
                } else {
                    path.moveTo(x(t[i]), y(v[i]));
                    started = true;
                }
            }
            g.draw(path);
        }

        void bars(Graphics2D g, double[] v, Color c) {
            g.setColor(c);
            for (int i = 0; i < t.length; i++) {
                if (Double.isFinite(v[i]) && v[i] > 0) {
                    int xa = (int) x(t[i]);
                    g.drawLine(xa, (int) y(0), xa, (int) y(v[i]));
                }
            }
        }

        void hline(Graphics2D g, double v, Color c) {
            g.setColor(c);
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
            g.drawLine(LEFT, (int) y(v), WIDTH - RIGHT, (int) y(v));
            g.setStroke(new BasicStroke(1f));
        }

        void axis(Graphics2D g, String label) {
            g.setColor(Color.GRAY);
            g.setStroke(new BasicStroke(1f));
            g.drawRect(LEFT, top, WIDTH - LEFT - RIGHT, bottom - top);
            g.setColor(Color.DARK_GRAY);
            g.drawString(fmt(hi), 4, top + 10);
            g.drawString(fmt(lo), 4, bottom);
            g.drawString(label, 4, (top + bottom) / 2);
        }

        void timeLabels(Graphics2D g, int baseline) {
            if (t.length == 0) {
                return;
            }
            g.setColor(Color.DARK_GRAY);
            g.drawString(t[0].toString().replace("T", " ").replace("Z", ""), LEFT, baseline);
            String end = t[t.length - 1].toString().replace("T", " ").replace("Z", "");
            g.drawString(end, WIDTH - RIGHT - g.getFontMetrics().stringWidth(end), baseline);
        }
    }
}
