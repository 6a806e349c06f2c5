package resnetmc.training;

/**
 * The one matrix-matrix product the network needs, C = alpha op(A) op(B) + beta C with column-major
 * operands at offsets (the Fortran dgemm contract), in two implementations: MLlib's BLAS
 * (dev.ludovic.netlib, what {@code org.apache.spark.ml.linalg} calls; a pure-Java kernel unless a
 * native BLAS is installed) and plain Java loops. The loops are the benchmark's baseline and the
 * gradient tests' cross-check; the trainer uses {@link #BLAS}.
 */
public abstract class Gemm implements java.io.Serializable {

    /** MLlib's BLAS dgemm. */
    public static final Gemm BLAS = new Blas();
    /** The same product as straightforward loops (inner loop contiguous where the layout allows). */
    public static final Gemm LOOPS = new Loops();

    private Gemm() {
    }

    /**
     * C[m x n] = alpha op(A)[m x k] op(B)[k x n] + beta C, op = transpose when the flag is true; every
     * matrix column-major with leading dimension lda/ldb/ldc starting at its offset.
     */
    public abstract void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                              double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                              double beta, double[] c, int cOff, int ldc);

    public abstract String label();

    private static final class Blas extends Gemm {
        @Override
        public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff,
                         int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
            dev.ludovic.netlib.blas.BLAS.getInstance().dgemm(transA ? "T" : "N", transB ? "T" : "N", m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                    beta, c, cOff, ldc);
        }

        @Override
        public String label() {
            return "blas (" + dev.ludovic.netlib.blas.BLAS.getInstance().getClass().getSimpleName() + ")";
        }

        private Object readResolve() {
            return Gemm.BLAS;
        }
    }

    private static final class Loops extends Gemm {
        @Override
        public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff,
                         int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
            for (int j = 0; j < n; j++) {
                int cj = cOff + j * ldc;
                if (beta == 0) {
                    java.util.Arrays.fill(c, cj, cj + m, 0.0);
                } else if (beta != 1) {
                    for (int i = 0; i < m; i++) {
                        c[cj + i] *= beta;
                    }
                }
                if (!transA) {
                    // Column j of C gathers columns of A: axpy form, contiguous in A and C.
                    for (int l = 0; l < k; l++) {
                        double blj = alpha * (transB ? b[bOff + j + l * ldb] : b[bOff + l + j * ldb]);
                        int al = aOff + l * lda;
                        for (int i = 0; i < m; i++) {
                            c[cj + i] += a[al + i] * blj;
                        }
                    }
                } else {
                    // op(A) rows are columns of A: dot form, contiguous in A (and in B when not transposed).
                    for (int i = 0; i < m; i++) {
                        int ai = aOff + i * lda;
                        double s = 0;
                        if (!transB) {
                            int bj = bOff + j * ldb;
                            for (int l = 0; l < k; l++) {
                                s += a[ai + l] * b[bj + l];
                            }
                        } else {
                            for (int l = 0; l < k; l++) {
                                s += a[ai + l] * b[bOff + j + l * ldb];
                            }
                        }
                        c[cj + i] += alpha * s;
                    }
                }
            }
        }

        @Override
        public String label() {
            return "plain Java loops";
        }

        private Object readResolve() {
            return Gemm.LOOPS;
        }
    }
}
