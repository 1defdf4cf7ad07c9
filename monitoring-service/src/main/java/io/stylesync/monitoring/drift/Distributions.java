package io.stylesync.monitoring.drift;

/**
 * The few distribution functions the drift tests need (scipy's are the reference: the Evidently
 * agreement test compares the p-values they give end to end).
 */
final class Distributions {

    private static final double EPS = 1e-15;
    private static final double[] LANCZOS = {
        0.99999999999980993,
        676.5203681218851,
        -1259.1392167224028,
        771.32342877765313,
        -176.61502916214059,
        12.507343278686905,
        -0.13857109526572012,
        9.9843695780195716e-6,
        1.5056327351493116e-7
    };

    private Distributions() {}

    /** Survival function of the chi-squared distribution with {@code df} degrees of freedom (scipy chi2.sf). */
    static double chiSquaredSf(double x, int df) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x <= 0) {
            return 1.0;
        }
        if (Double.isInfinite(x)) {
            return 0.0;
        }
        return regularizedGammaQ(df / 2.0, x / 2.0);
    }

    /** Standard normal CDF (scipy norm.cdf). */
    static double normalCdf(double z) {
        return z < 0 ? 0.5 * erfc(-z / Math.sqrt(2)) : 1 - 0.5 * erfc(z / Math.sqrt(2));
    }

    /** Complementary error function for x >= 0 through the incomplete gamma function: erfc(x) = Q(1/2, x^2). */
    static double erfc(double x) {
        return x < 0 ? 2 - regularizedGammaQ(0.5, x * x) : regularizedGammaQ(0.5, x * x);
    }

    /**
     * Survival function of Kolmogorov's limiting distribution, Q(z) = 2 sum (-1)^(k-1) exp(-2 k^2 z^2)
     * (scipy kstwobign.sf); for small z the Jacobi-theta form converges faster.
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

    static double logGamma(double x) {
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        x -= 1;
        double a = LANCZOS[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) {
            a += LANCZOS[i] / (x + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }

    /** Q(a, x) = Gamma(a, x) / Gamma(a): series below a + 1, Lentz's continued fraction above (Numerical Recipes 6.2). */
    static double regularizedGammaQ(double a, double x) {
        if (x <= 0) {
            return 1.0;
        }
        if (x < a + 1) {
            return 1 - gammaSeries(a, x);
        }
        return gammaContinuedFraction(a, x);
    }

    private static double gammaSeries(double a, double x) {
        double ap = a;
        double sum = 1 / a;
        double del = sum;
        for (int n = 0; n < 10_000; n++) {
            ap += 1;
            del *= x / ap;
            sum += del;
            if (Math.abs(del) < Math.abs(sum) * EPS) {
                break;
            }
        }
        return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
    }

    private static double gammaContinuedFraction(double a, double x) {
        double tiny = 1e-300;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 10_000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            c = b + an / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < EPS) {
                break;
            }
        }
        return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
    }
}
