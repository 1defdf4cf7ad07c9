package io.stylesync.inference.analyze.colour;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Lloyd's k-means over 3-D points with k-means++ seeding (Arthur &amp; Vassilvitskii 2007) from a fixed seed, so the
 * same pixels always give the same clusters. Stops when no point changes cluster or after {@code maxIterations}.
 */
public final class KMeans {

    /** Cluster centres ({@code k x 3}) and the number of points in each. */
    public record Result(double[][] centres, int[] sizes, int iterations) {}

    private KMeans() {}

    /** @param points {@code n x 3} values, n ≥ 1; fewer distinct points than k yields empty clusters of size 0 */
    public static Result cluster(double[][] points, int k, long seed, int maxIterations) {
        int n = points.length;
        if (n == 0 || k < 1) {
            throw new IllegalArgumentException("need at least one point and k >= 1: n=" + n + ", k=" + k);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[][] centres = seedPlusPlus(points, k, random);
        int[] assignment = new int[n];
        Arrays.fill(assignment, -1);
        int iteration = 0;
        boolean changed = true;
        while (changed && iteration < maxIterations) {
            iteration++;
            changed = false;
            for (int i = 0; i < n; i++) {
                int best = nearest(centres, points[i]);
                if (best != assignment[i]) {
                    assignment[i] = best;
                    changed = true;
                }
            }
            double[][] sums = new double[k][3];
            int[] counts = new int[k];
            for (int i = 0; i < n; i++) {
                int c = assignment[i];
                counts[c]++;
                sums[c][0] += points[i][0];
                sums[c][1] += points[i][1];
                sums[c][2] += points[i][2];
            }
            for (int c = 0; c < k; c++) {
                if (counts[c] > 0) {
                    centres[c] = new double[] {sums[c][0] / counts[c], sums[c][1] / counts[c], sums[c][2] / counts[c]};
                }
            }
        }
        int[] sizes = new int[k];
        for (int c : assignment) {
            sizes[c]++;
        }
        return new Result(centres, sizes, iteration);
    }

    private static double[][] seedPlusPlus(double[][] points, int k, SplittableRandom random) {
        int n = points.length;
        double[][] centres = new double[k][];
        centres[0] = points[random.nextInt(n)].clone();
        double[] d2 = new double[n];
        for (int i = 0; i < n; i++) {
            d2[i] = distance2(points[i], centres[0]);
        }
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (double d : d2) {
                total += d;
            }
            int chosen;
            if (total == 0) {
                chosen = random.nextInt(n);
            } else {
                double target = random.nextDouble() * total;
                chosen = n - 1;
                for (int i = 0; i < n; i++) {
                    target -= d2[i];
                    if (target <= 0) {
                        chosen = i;
                        break;
                    }
                }
            }
            centres[c] = points[chosen].clone();
            for (int i = 0; i < n; i++) {
                d2[i] = Math.min(d2[i], distance2(points[i], centres[c]));
            }
        }
        return centres;
    }

    static int nearest(double[][] centres, double[] p) {
        int best = 0;
        double bestD = Double.MAX_VALUE;
        for (int c = 0; c < centres.length; c++) {
            double d = distance2(centres[c], p);
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }

    private static double distance2(double[] a, double[] b) {
        double d0 = a[0] - b[0];
        double d1 = a[1] - b[1];
        double d2 = a[2] - b[2];
        return d0 * d0 + d1 * d1 + d2 * d2;
    }
}
