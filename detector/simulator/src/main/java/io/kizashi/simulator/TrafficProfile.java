package io.kizashi.simulator;

/**
 * The shape of a service's load over a local day (Asia/Tokyo by default), as relative intensity at
 * each full hour (weekday peak = 1), linearly interpolated in between; weekends have their own curve.
 */
public enum TrafficProfile {
    /** Admins in offices: a strong weekday 9-18 plateau with a lunch dip, quiet nights and weekends. */
    BUSINESS(businessWeekday(), businessWeekend()),
    /** Managed phones and tablets check in around the clock, more while their users are awake. */
    DEVICE(deviceWeekday(), deviceWeekend()),
    /** Half device-driven, half office-driven (auth, app catalog, audit). */
    MIXED(mean(businessWeekday(), deviceWeekday()), mean(businessWeekend(), deviceWeekend())),
    /** Nightly report generation at 01:00-04:00 local, light on-demand runs by day. */
    BATCH(new double[] {0.30, 1.00, 1.00, 0.95, 0.60, 0.15, 0.05, 0.05, 0.08, 0.14, 0.16, 0.16,
                        0.12, 0.15, 0.16, 0.16, 0.15, 0.12, 0.08, 0.06, 0.05, 0.05, 0.05, 0.08},
          new double[] {0.30, 1.00, 1.00, 0.95, 0.60, 0.15, 0.04, 0.03, 0.03, 0.03, 0.04, 0.04,
                        0.04, 0.04, 0.04, 0.04, 0.04, 0.03, 0.03, 0.03, 0.03, 0.03, 0.03, 0.05});

    private final double[] weekday;
    private final double[] weekend;
    private final double peak;

    TrafficProfile(double[] weekday, double[] weekend) {
        if (weekday.length != 24 || weekend.length != 24) {
            throw new IllegalArgumentException("a profile needs 24 hourly values");
        }
        this.weekday = weekday;
        this.weekend = weekend;
        double m = 0;
        for (int i = 0; i < 24; i++) {
            m = Math.max(m, Math.max(weekday[i], weekend[i]));
        }
        this.peak = m;
    }

    /** Relative intensity at a local second of day (0..86399). */
    public double at(int localSecondOfDay, boolean weekendDay) {
        double[] h = weekendDay ? weekend : weekday;
        int hour = localSecondOfDay / 3600;
        double frac = (localSecondOfDay % 3600) / 3600.0;
        // Interpolate towards the next hour of the same day type; at 23:xx towards this day's 00:00 value
        // keeps the curve continuous within a day (the day-type switch at midnight is a small step).
        double next = h[(hour + 1) % 24];
        return h[hour] + (next - h[hour]) * frac;
    }

    /** Highest hourly value over both day types (1 for every built-in profile). */
    public double peak() {
        return peak;
    }

    private static double[] businessWeekday() {
        return new double[] {0.06, 0.04, 0.03, 0.03, 0.03, 0.04, 0.08, 0.20, 0.55, 0.90, 1.00, 0.97,
                             0.70, 0.92, 1.00, 0.98, 0.93, 0.80, 0.55, 0.35, 0.25, 0.18, 0.12, 0.08};
    }

    private static double[] businessWeekend() {
        return new double[] {0.04, 0.03, 0.03, 0.03, 0.03, 0.03, 0.04, 0.05, 0.07, 0.09, 0.11, 0.12,
                             0.11, 0.12, 0.12, 0.11, 0.10, 0.09, 0.08, 0.07, 0.06, 0.05, 0.05, 0.04};
    }

    private static double[] deviceWeekday() {
        return new double[] {0.38, 0.34, 0.32, 0.31, 0.32, 0.36, 0.48, 0.70, 0.90, 0.98, 1.00, 0.99,
                             0.95, 0.98, 1.00, 0.99, 0.96, 0.90, 0.80, 0.70, 0.62, 0.55, 0.48, 0.42};
    }

    private static double[] deviceWeekend() {
        return new double[] {0.34, 0.31, 0.30, 0.29, 0.29, 0.31, 0.36, 0.44, 0.52, 0.58, 0.62, 0.63,
                             0.62, 0.62, 0.61, 0.60, 0.59, 0.58, 0.56, 0.53, 0.49, 0.45, 0.41, 0.37};
    }

    private static double[] mean(double[] a, double[] b) {
        double[] m = new double[24];
        for (int i = 0; i < 24; i++) {
            m[i] = (a[i] + b[i]) / 2;
        }
        return m;
    }
}
