package io.stylesync.monitoring.drift;

/**
 * The two-sided p-value of the two-sample Kolmogorov-Smirnov statistic as scipy's
 * {@code ks_2samp(method="auto")} computes it (scipy 1.17, {@code scipy/stats/_stats_py.py}), which is
 * what Evidently's {@code ks} test returns: exact when both samples have at most 10,000 values
 * ({@code MAX_AUTO_N}), by counting lattice paths (Hodges 1958): {@code _compute_prob_outside_square}
 * for equal sizes, {@code _compute_outer_prob_inside_method} otherwise. Above that scipy evaluates
 * {@code kstwo.sf(d, round(m n / (m + n)))} (Simard and L'Ecuyer's algorithm); here Kolmogorov's
 * limiting distribution with Stephens' (1970) finite-n correction stands in for it, within about 1%
 * of the p-value where it matters (p near 0.05).
 */
public final class KolmogorovSmirnov {

    public static final int MAX_EXACT_N = 10_000;

    private KolmogorovSmirnov() {}

    public static double pValue(double d, long n1, long n2) {
        if (n1 <= 0 || n2 <= 0) {
            return Double.NaN;
        }
        if (Math.max(n1, n2) <= MAX_EXACT_N) {
            double p = exact((int) n1, (int) n2, d);
            if (!Double.isNaN(p)) {
                return p;
            }
        }
        double en = Math.rint((double) n1 * n2 / (n1 + n2)); // numpy's round: half to even, like rint
        return kstwoSf(d, (long) en);
    }

    /**
     * The one-sample two-sided Kolmogorov distribution's survival function {@code kstwo.sf(d, n)}: Ruben and
     * Gambino's exact forms where scipy's {@code _kolmogn} uses them (n d <= 1, n d >= n - 1), else the limiting
     * distribution with Stephens' correction.
     */
    static double kstwoSf(double d, long n) {
        double t = n * d;
        if (d >= 1) {
            return 0;
        }
        if (t <= 0.5) {
            return 1;
        }
        if (t <= 1) {
            double cdf = 1;
            for (long i = 1; i <= n; i++) {
                cdf *= (double) i / n * (2 * t - 1);
            }
            return clip(1 - cdf);
        }
        if (t >= n - 1) {
            return clip(2 * Math.pow(1 - d, n));
        }
        double sqrtN = Math.sqrt(n);
        return clip(kolmogorovSf((sqrtN + 0.12 + 0.11 / sqrtN) * d));
    }

    /**
     * Survival function of Kolmogorov's limiting distribution, Q(z) = 2 sum (-1)^(k-1) exp(-2 k^2 z^2)
     * (scipy kstwobign.sf); for small z the Jacobi-theta form converges faster. Written here because Commons
     * Statistics keeps its Kolmogorov distributions internal to its sample-based test, and this path takes a
     * distance and two counts.
     */
    static double kolmogorovSf(double z) {
        if (z <= 0) {
            return 1.0;
        }
        if (z < 1.18) {
            double s = 0;
            double f = -Math.PI * Math.PI / (8 * z * z);
            for (int k = 1; k < 40; k += 2) {
                s += Math.exp(k * k * f);
            }
            return 1 - Math.sqrt(2 * Math.PI) / z * s;
        }
        double s = 0;
        for (int k = 1; k < 100; k++) {
            double term = Math.exp(-2.0 * k * k * z * z);
            s += (k % 2 == 1 ? term : -term);
            if (term < 1e-17) {
                break;
            }
        }
        return Math.max(0, Math.min(1, 2 * s));
    }

    /** scipy's {@code _attempt_exact_2kssamp}, two-sided. */
    static double exact(int n1, int n2, double d) {
        long g = gcd(n1, n2);
        long lcm = (n1 / g) * n2;
        long h = Math.round(d * lcm);
        if (h == 0) {
            return 1.0;
        }
        double p = n1 == n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, (int) g, h);
        if (Double.isNaN(p) || p < 0 || p > 1) {
            return Double.NaN;
        }
        return p;
    }

    /** Pr(D_{n,n} >= h/n) = 2 (binom(2n, n-h) - binom(2n, n-2h) + ...) / binom(2n, n), Horner-like as in scipy. */
    static double probOutsideSquare(long n, long h) {
        double p = 0;
        long k = n / h;
        while (k >= 0) {
            double p1 = 1.0;
            for (long j = 0; j < h; j++) {
                p1 = (n - k * h - j) * p1 / (n + k * h + j + 1);
            }
            p = p1 * (1.0 - p);
            k--;
        }
        return 2 * p;
    }

    /**
     * Proportion of lattice paths from (0, 0) to (m, n) that leave the band |n x / g - m y / g| < h,
     * one column at a time over a sliding window of rows; each entry is already a probability.
     */
    static double outerProbInside(int m0, int n0, int g, long h) {
        int m = Math.max(m0, n0);
        int n = Math.min(m0, n0);
        long mg = m / g;
        long ng = n / g;
        int minj = 0;
        int maxj = (int) Math.min((long) Math.ceil((double) h / mg), n + 1);
        int curlen = maxj - minj;
        int lenA = Math.min(2 * maxj + 2, n + 1);
        double[] a = new double[Math.max(lenA, 1)];
        java.util.Arrays.fill(a, 1.0);
        for (int j = minj; j < maxj; j++) {
            a[j] = 0.0;
        }
        for (int i = 1; i <= m; i++) {
            int lastminj = minj;
            int lastlen = curlen;
            minj = (int) Math.max(Math.floorDiv(ng * i - h, mg) + 1, 0);
            minj = Math.min(minj, n);
            maxj = (int) Math.min(ceilDiv(ng * i + h, mg), n + 1);
            if (maxj <= minj) {
                return 1.0;
            }
            double val = minj == 0 ? 0.0 : 1.0;
            for (int jj = 0; jj < maxj - minj; jj++) {
                int j = jj + minj;
                val = (a[jj + minj - lastminj] * i + val * j) / (i + j);
                a[jj] = val;
            }
            curlen = maxj - minj;
            if (lastlen > curlen) {
                for (int x = maxj - minj;
                        x < Math.min(a.length, maxj - minj + (lastlen - curlen));
                        x++) { // numpy clips the slice
                    a[x] = 1;
                }
            }
        }
        return a[maxj - minj - 1];
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static double clip(double p) {
        return Math.max(0, Math.min(1, p));
    }
}
