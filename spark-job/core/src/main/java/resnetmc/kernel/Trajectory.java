package resnetmc.kernel;

/** The log-spaced layers at which a trial records ||h_k|| / ||h_0|| and ||p_k|| / ||p_L||. */
public final class Trajectory {
    private Trajectory() {
    }

    /**
     * min(points, L + 1) distinct layers in [0, L]: 0, then a geometric grid from 1 to L, each layer
     * bumped to one past its predecessor where rounding would repeat it (the small-k end of a log grid)
     * and capped so that the remaining points still fit below L.
     */
    public static int[] layers(int depth, int points) {
        int n = Math.min(points, depth + 1);
        int[] ks = new int[n];
        if (n == depth + 1) {
            for (int k = 0; k <= depth; k++) {
                ks[k] = k;
            }
            return ks;
        }
        // n >= 2 here, since points >= 2 is validated and depth + 1 > n.
        for (int j = 1; j < n; j++) {
            double t = n == 2 ? 1.0 : (double) (j - 1) / (n - 2);
            int k = (int) Math.round(StrictMath.pow(depth, t));
            ks[j] = Math.min(Math.max(k, ks[j - 1] + 1), depth - (n - 1 - j));
        }
        return ks;
    }
}
