package resnetmc.bench;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.rng.UniformRandomProvider;
import resnetmc.config.ConfigLoader;
import resnetmc.config.RunConfig;
import resnetmc.job.run.WorkPlan;
import resnetmc.job.run.WorkUnit;
import resnetmc.kernel.DenseSampler;
import resnetmc.kernel.EntrySampler;
import resnetmc.kernel.Kernels;
import resnetmc.kernel.ResidualKernel;
import resnetmc.kernel.RowFiller;
import resnetmc.kernel.Trajectory;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.InputKind;
import resnetmc.model.Labelled;
import resnetmc.model.LossKind;
import resnetmc.model.Sampler;
import resnetmc.model.Scaling;
import resnetmc.model.WeightDistribution;
import resnetmc.rng.RandomStreams;

/**
 * Benchmarks, reported as ratios against a baseline measured in the same run (absolute rates depend on
 * the machine). Modes:
 * <ul>
 * <li>{@code dense [arch=res-2] [width=128] [depth=1000] [seconds=10]}: the dense sampler on one core
 * against its limit, the time to only draw its Gaussians (4 d^2 L for res-2/3: V and W, forward and
 * backward regeneration) with the same generator and sampler;</li>
 * <li>{@code conditional [depth=1000] [widths=64,256,1024] [seconds=10]}: conditional vs dense, res-3;</li>
 * <li>{@code scale [depth=1000000] [width=1024]}: one conditional res-3 trial, time and heap;</li>
 * <li>{@code spark CONFIG [key=value ...]}: the same trials through {@code submit/local} and in a plain
 * in-process loop over the kernel on as many threads as cores;</li>
 * <li>{@code blas [width=256]}: one dense layer with our fused loop and with MLlib's BLAS.</li>
 * <li>{@code chain [depth=100000] [seconds=4] [--huge]}: the chain sampler (res-3, beta = 1/2), layer-steps
 * per second forward only and forward + backward at d = 16, 1024, 1e6, 1e9 (full storage, and with
 * checkpoints at L = 1e6); then chain vs conditional trials per second at d = 1024, L = 1e4, forward only
 * and forward + backward, in the same run; {@code --huge} adds one L = 1e9 forward + backward trial
 * (time and peak heap).</li>
 * <li>{@code limits [width=256] [depth=1000] [dense-widths=40,256] [seconds=20]}: each sampler against its
 * own limit, res-2, in one run: conditional trials/s (ReLU and tanh) against the time to only draw its
 * 4 d L Gaussians; dense uniform and Rademacher against dense Gaussian; conditional against dense for
 * each activation, next to the d/4 the conditional sampler should at least gain. Timed in thread CPU
 * time, so that other processes on a shared machine do not skew the ratios.</li>
 * <li>{@code training [arch=res-1] [width=64] [depth=100] [batch=128] [inputs=64] [seconds=12]}: training
 * steps (forward, backpropagation, Adam) per second, examples/s on one core, with MLlib's BLAS dgemm
 * against the same passes as plain Java loops.</li>
 * </ul>
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "dense" : args[0];
        List<String> rest = args.length == 0 ? List.of() : List.of(args).subList(1, args.length);
        switch (mode) {
            case "dense" -> dense(rest);
            case "conditional" -> conditional(rest);
            case "scale" -> scale(rest);
            case "spark" -> spark(rest);
            case "blas" -> blas(rest);
            case "training" -> training(rest);
            case "chain" -> chain(rest);
            case "limits" -> limits(rest);
            default -> usage("unknown mode '" + mode + "'");
        }
    }

    // ------------------------------------------------------------------ modes

    static void dense(List<String> args) {
        Args a = new Args(args);
        Architecture arch = Labelled.find(Architecture.class, a.string("arch", "res-2")).orElse(null);
        int width = a.integer("width", 128);
        int depth = a.integer("depth", 1000);
        double seconds = a.number("seconds", 10);
        if (arch == null) {
            usage("arch must be one of " + Labelled.allowed(Architecture.class));
        }
        Cell cell = cell(arch, Sampler.DENSE, width, depth);
        ResidualKernel k = Kernels.of(cell, 32);
        double[] row = new double[width];
        // Warm-up (JIT) of both loops, then alternate the two measurements twice and keep the best of
        // each, so a background hiccup does not land on one side only.
        perTrial(k, cell, Math.min(2, seconds / 4));
        perDraw(width, Math.min(2, seconds / 4), row);
        double trial = Double.MAX_VALUE;
        double draw = Double.MAX_VALUE;
        for (int rep = 0; rep < 2; rep++) {
            trial = Math.min(trial, perTrial(k, cell, seconds / 4));
            draw = Math.min(draw, perDraw(width, seconds / 4, row));
        }
        double limit = draw * cell.denseCost();
        System.out.printf(Locale.ROOT, "dense sampler, %s, d = %d, L = %d, one core (%s)%n", arch.label(), width, depth,
                System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "  trials/second                  %12.4g%n", 1 / trial);
        System.out.printf(Locale.ROOT, "  Gaussian draws/second (raw)    %12.4g   (ziggurat on xoshiro256++)%n", 1 / draw);
        System.out.printf(Locale.ROOT, "  draws per trial                %12.4g   (%s)%n", cell.denseCost(),
                arch.hasInnerWeights() ? "4 d^2 L" : "2 d^2 L");
        System.out.printf(Locale.ROOT, "  limit trials/second            %12.4g   (draws only)%n", 1 / limit);
        System.out.printf(Locale.ROOT, "  ratio time/limit               %12.3f%n", trial / limit);
    }

    static void conditional(List<String> args) {
        Args a = new Args(args);
        int depth = a.integer("depth", 1000);
        double seconds = a.number("seconds", 10);
        String[] widths = a.string("widths", "64,256,1024").split(",");
        System.out.printf(Locale.ROOT, "conditional vs dense sampler, res-3, L = %d, one core%n", depth);
        System.out.printf(Locale.ROOT, "  %6s %14s %14s %10s %8s%n", "d", "dense trial/s", "cond. trial/s", "speed-up",
                "d/4");
        for (String w : widths) {
            int width = Integer.parseInt(w.trim());
            Cell dense = cell(Architecture.RES_3, Sampler.DENSE, width, depth);
            Cell cond = cell(Architecture.RES_3, Sampler.CONDITIONAL, width, depth);
            ResidualKernel kd = Kernels.of(dense, 32);
            ResidualKernel kc = Kernels.of(cond, 32);
            perTrial(kd, dense, Math.min(2, seconds / 4));
            perTrial(kc, cond, Math.min(2, seconds / 4));
            double td = Double.MAX_VALUE;
            double tc = Double.MAX_VALUE;
            for (int rep = 0; rep < 2; rep++) {
                td = Math.min(td, perTrial(kd, dense, seconds / 4));
                tc = Math.min(tc, perTrial(kc, cond, seconds / 4));
            }
            System.out.printf(Locale.ROOT, "  %6d %14.4g %14.4g %10.1f %8.1f%n", width, 1 / td, 1 / tc, td / tc,
                    width / 4.0);
        }
    }

    static void limits(List<String> args) {
        Args a = new Args(args);
        int width = a.integer("width", 256);
        int depth = a.integer("depth", 1000);
        double seconds = a.number("seconds", 20);
        String[] denseWidths = a.string("dense-widths", "40," + width).split(",");
        cpuClock = true;
        Activation[] acts = {Activation.RELU, Activation.TANH};
        System.out.printf(Locale.ROOT, "samplers against their limits, res-2, L = %d, one core, thread CPU time (%s)%n",
                depth, System.getProperty("java.version"));

        // Conditional: ReLU, tanh and the draw-only limit, measured alternately.
        Cell[] cond = new Cell[acts.length];
        ResidualKernel[] kc = new ResidualKernel[acts.length];
        for (int i = 0; i < acts.length; i++) {
            cond[i] = cell(Architecture.RES_2, acts[i], WeightDistribution.GAUSSIAN, Sampler.CONDITIONAL, width, depth);
            kc[i] = Kernels.of(cond[i], 32);
            perTrial(kc[i], cond[i], Math.min(2, seconds / 10));
        }
        double[] row = new double[width];
        perDraw(width, Math.min(2, seconds / 10), row);
        double[] tc = {Double.MAX_VALUE, Double.MAX_VALUE};
        double draw = Double.MAX_VALUE;
        for (int rep = 0; rep < 3; rep++) {
            for (int i = 0; i < acts.length; i++) {
                tc[i] = Math.min(tc[i], perTrial(kc[i], cond[i], seconds / 20));
            }
            draw = Math.min(draw, perDraw(width, seconds / 20, row));
        }
        double limit = draw * 4.0 * width * depth;
        System.out.printf(Locale.ROOT, "conditional, Gaussian, d = %d (forward + backward)%n", width);
        System.out.printf(Locale.ROOT, "  draw-only limit (4 d L Gaussians) %10.4g trials/s%n", 1 / limit);
        for (int i = 0; i < acts.length; i++) {
            System.out.printf(Locale.ROOT, "  %-8s %25.4g trials/s   time/limit %6.3f%n", acts[i].label(), 1 / tc[i],
                    tc[i] / limit);
        }
        System.out.printf(Locale.ROOT, "  tanh/relu time                    %10.3f%n", tc[1] / tc[0]);

        // Dense: uniform and Rademacher against Gaussian (ReLU), and uniform against two earlier ways of
        // drawing it (baselines in the same run), then dense tanh for the d/4 comparison.
        WeightDistribution[] laws = WeightDistribution.values();
        String[] baselines = {"uniform, one 64-bit word per entry (before 0.2.0)",
            "uniform, 32-bit halves through the provider (0.2.0)"};
        int nk = laws.length + baselines.length;
        double[] denseRelu = new double[acts.length];
        for (String w : denseWidths) {
            int dw = Integer.parseInt(w.trim());
            Cell[] dc = new Cell[nk];
            ResidualKernel[] kd = new ResidualKernel[nk];
            for (int i = 0; i < nk; i++) {
                WeightDistribution law = i < laws.length ? laws[i] : WeightDistribution.UNIFORM;
                dc[i] = cell(Architecture.RES_2, Activation.RELU, law, Sampler.DENSE, dw, depth);
                kd[i] = i < laws.length ? Kernels.of(dc[i], 32)
                        : new DenseSampler(dc[i], Trajectory.layers(depth, 32),
                                i == laws.length ? Bench::wordPerEntryUniform
                                        : (rng, sc) -> EntrySampler.of(WeightDistribution.UNIFORM, rng, sc));
                perTrial(kd[i], dc[i], Math.min(1, seconds / 20));
            }
            double[] td = new double[nk];
            java.util.Arrays.fill(td, Double.MAX_VALUE);
            for (int rep = 0; rep < 2; rep++) {
                for (int i = 0; i < nk; i++) {
                    td[i] = Math.min(td[i], perTrial(kd[i], dc[i], seconds / 20));
                }
            }
            System.out.printf(Locale.ROOT, "dense, ReLU, d = %d%n", dw);
            for (int i = 0; i < laws.length; i++) {
                System.out.printf(Locale.ROOT, "  %-11s %12.4g trials/s   speed vs gaussian %6.3f%n", laws[i].label(),
                        1 / td[i], td[0] / td[i]);
            }
            int u = WeightDistribution.UNIFORM.ordinal();
            for (int i = 0; i < baselines.length; i++) {
                System.out.printf(Locale.ROOT, "  uniform now vs %-52s %6.3f x (%.4g trials/s)%n", baselines[i],
                        td[laws.length + i] / td[u], 1 / td[laws.length + i]);
            }
            if (dw == width) {
                denseRelu[0] = td[0];
            }
        }
        if (denseRelu[0] == 0) {
            Cell dc = cell(Architecture.RES_2, Activation.RELU, WeightDistribution.GAUSSIAN, Sampler.DENSE, width, depth);
            denseRelu[0] = perTrial(Kernels.of(dc, 32), dc, seconds / 20);
        }
        Cell dt = cell(Architecture.RES_2, Activation.TANH, WeightDistribution.GAUSSIAN, Sampler.DENSE, width, depth);
        ResidualKernel kdt = Kernels.of(dt, 32);
        perTrial(kdt, dt, Math.min(1, seconds / 20));
        denseRelu[1] = Math.min(perTrial(kdt, dt, seconds / 20), perTrial(kdt, dt, seconds / 20));
        System.out.printf(Locale.ROOT, "conditional vs dense, Gaussian, d = %d (target >= d/4 = %.0f)%n", width,
                width / 4.0);
        for (int i = 0; i < acts.length; i++) {
            System.out.printf(Locale.ROOT, "  %-8s dense %10.4g trials/s   speed-up %8.1f%n", acts[i].label(),
                    1 / denseRelu[i], denseRelu[i] / tc[i]);
        }
    }

    static void chain(List<String> args) {
        boolean huge = args.contains("--huge");
        Args a = new Args(args.stream().filter(s -> !s.equals("--huge")).toList());
        int depth = a.integer("depth", 100_000);
        double seconds = a.number("seconds", 4);
        // Warm-up: compile both passes (forward, full-storage and checkpointed backward) before timing.
        for (int l : new int[] {2000, 200_000}) {
            Cell w = cell(Architecture.RES_3, Sampler.CHAIN, 64, l);
            perTrial(new resnetmc.kernel.ChainSampler(w, resnetmc.kernel.Trajectory.layers(l, 32), true), w, 1.0);
        }
        System.out.printf(Locale.ROOT, "chain sampler, res-3, beta = 1/2, one core (%s)%n",
                System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "  %12s %9s %12s %16s %16s %8s%n", "d", "L", "storage", "fwd steps/s",
                "fwd+bwd steps/s", "ratio");
        for (int width : new int[] {16, 1024, 1_000_000, 1_000_000_000}) {
            for (int l : new int[] {depth, 10 * depth}) {
                Cell cell = cell(Architecture.RES_3, Sampler.CHAIN, width, l);
                resnetmc.kernel.ChainSampler fwd = new resnetmc.kernel.ChainSampler(cell,
                        resnetmc.kernel.Trajectory.layers(l, 32), false);
                resnetmc.kernel.ChainSampler both = new resnetmc.kernel.ChainSampler(cell,
                        resnetmc.kernel.Trajectory.layers(l, 32), true);
                perTrial(fwd, cell, seconds / 8);
                perTrial(both, cell, seconds / 8);
                double tf = Double.MAX_VALUE;
                double tb = Double.MAX_VALUE;
                for (int rep = 0; rep < 2; rep++) {
                    tf = Math.min(tf, perTrial(fwd, cell, seconds / 8));
                    tb = Math.min(tb, perTrial(both, cell, seconds / 8));
                }
                System.out.printf(Locale.ROOT, "  %12d %9d %12s %16.4g %16.4g %8.2f%n", width, l,
                        both.checkpointed() ? "checkpoints" : "full", l / tf, l / tb, tb / tf);
            }
        }
        // Chain vs conditional on the same cell, forward only and forward + backward.
        int width = 1024;
        int l = 10_000;
        Cell chainCell = cell(Architecture.RES_3, Sampler.CHAIN, width, l);
        Cell condCell = cell(Architecture.RES_3, Sampler.CONDITIONAL, width, l);
        resnetmc.kernel.ChainSampler chainFwd = new resnetmc.kernel.ChainSampler(chainCell,
                resnetmc.kernel.Trajectory.layers(l, 32), false);
        resnetmc.kernel.ChainSampler chainBoth = new resnetmc.kernel.ChainSampler(chainCell,
                resnetmc.kernel.Trajectory.layers(l, 32), true);
        ResidualKernel cond = Kernels.of(condCell, 32);
        perTrial(chainFwd, chainCell, seconds / 8);
        perTrial(chainBoth, chainCell, seconds / 8);
        perTrial(cond, condCell, seconds / 4);
        double cf = Double.MAX_VALUE;
        double cb = Double.MAX_VALUE;
        double kf = Double.MAX_VALUE;
        double kb = Double.MAX_VALUE;
        for (int rep = 0; rep < 2; rep++) {
            cf = Math.min(cf, perTrial(chainFwd, chainCell, seconds / 8));
            cb = Math.min(cb, perTrial(chainBoth, chainCell, seconds / 8));
            kf = Math.min(kf, perForward(cond, condCell, seconds / 2));
            kb = Math.min(kb, perTrial(cond, condCell, seconds / 2));
        }
        System.out.printf(Locale.ROOT, "chain vs conditional, res-3, d = %d, L = %d, one core%n", width, l);
        System.out.printf(Locale.ROOT, "  %-16s %14s %14s %10s%n", "", "chain trial/s", "cond. trial/s", "speed-up");
        System.out.printf(Locale.ROOT, "  %-16s %14.4g %14.4g %10.0f%n", "forward", 1 / cf, 1 / kf, kf / cf);
        System.out.printf(Locale.ROOT, "  %-16s %14.4g %14.4g %10.0f%n", "forward+backward", 1 / cb, 1 / kb, kb / cb);
        if (huge) {
            int hl = 1_000_000_000;
            Cell cell = cell(Architecture.RES_3, Sampler.CHAIN, 1_000_000_000, hl);
            System.gc();
            long t0 = System.nanoTime();
            resnetmc.kernel.ChainSampler k = new resnetmc.kernel.ChainSampler(cell,
                    resnetmc.kernel.Trajectory.layers(hl, 32), true);
            var o = k.run(RandomStreams.of(1, cell.id(), 0));
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "one chain res-3 trial, d = 1e9, L = 1e9, beta = 1/2, forward + backward%n");
            System.out.printf(Locale.ROOT, "  time                        %10.1f s (%.3g layer-steps/s)%n", secs,
                    hl / secs);
            System.out.printf(Locale.ROOT, "  records, checkpoints        %10d, %d%n", k.recordCapacity(),
                    k.checkpointsSaved());
            System.out.printf(Locale.ROOT, "  peak heap                   %10.1f MiB%n", peakHeap() / 1048576.0);
            System.out.printf(Locale.ROOT, "  log10 r_fwd = %.4f, log10 r_bwd = %.4f, Euler gap = %.2g%n",
                    o.log10RFwd(), o.log10RBwd(), o.eulerGap());
        }
    }

    static void scale(List<String> args) {
        Args a = new Args(args);
        int depth = a.integer("depth", 1_000_000);
        int width = a.integer("width", 1024);
        Cell cell = cell(Architecture.RES_3, Sampler.CONDITIONAL, width, depth);
        System.gc();
        long before = usedHeap();
        long t0 = System.nanoTime();
        ResidualKernel k = Kernels.of(cell, 32);
        var o = k.run(RandomStreams.of(1, cell.id(), 0));
        double secs = (System.nanoTime() - t0) / 1e9;
        long peak = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf(Locale.ROOT, "one conditional res-3 trial, d = %d, L = %d, beta = 1/2, one core%n", width, depth);
        System.out.printf(Locale.ROOT, "  time                        %10.2f s%n", secs);
        System.out.printf(Locale.ROOT, "  checkpointed                %10s   (segments of ceil(sqrt(L)) layers)%n",
                k.checkpointed());
        System.out.printf(Locale.ROOT, "  heap before / peak          %10.1f / %.1f MiB%n", before / 1048576.0,
                peak / 1048576.0);
        System.out.printf(Locale.ROOT, "  r_fwd = %.4g (E = %.4g), r_bwd = %.4g%n", o.rFwd(),
                resnetmc.theory.Bounds.exactMean(0.5, cell.alpha(), depth), o.rBwd());
    }

    /**
     * One dense layer's forward matrix-vector work, two ways: our fused loop (draw a row, dot it at
     * once) and MLlib's BLAS (dev.ludovic.netlib: draw the whole d x d matrix, then dgemv), with the
     * same generator. Run it with and without --add-modules jdk.incubator.vector to see the
     * vectorised Java BLAS.
     */
    static void blas(List<String> args) {
        Args a = new Args(args);
        int width = a.integer("width", 256);
        double seconds = a.number("seconds", 6);
        dev.ludovic.netlib.blas.BLAS blas = dev.ludovic.netlib.blas.BLAS.getInstance();
        double[] h = new double[width];
        double[] out = new double[width];
        double[] row = new double[width];
        double[] matrix = new double[width * width];
        java.util.Arrays.fill(h, 1.0 / Math.sqrt(width));
        UniformRandomProvider rng = RandomStreams.of(5, 6, 7).v(1);
        EntrySampler es = EntrySampler.of(WeightDistribution.GAUSSIAN, rng, 1.0 / Math.sqrt(width));
        Runnable fused = () -> {
            for (int i = 0; i < width; i++) {
                es.fill(row, width);
                out[i] = resnetmc.kernel.Vectors.dot(row, h, width);
            }
        };
        Runnable gemv = () -> {
            es.fill(matrix, matrix.length);
            blas.dgemv("T", width, width, 1.0, matrix, width, h, 1, 0.0, out, 1);
        };
        Runnable drawOnly = () -> es.fill(matrix, matrix.length);
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        Runnable[] runs = {drawOnly, fused, gemv};
        for (int rep = 0; rep < 3; rep++) {
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                long n = 0;
                do {
                    runs[i].run();
                    n++;
                } while (System.nanoTime() - start < seconds / 9 * 1e9);
                if (rep > 0) {
                    best[i] = Math.min(best[i], (System.nanoTime() - start) / 1e3 / n);
                }
            }
        }
        System.out.printf(Locale.ROOT, "one dense layer (d = %d): draw d^2 Gaussians and multiply by a vector%n", width);
        System.out.printf(Locale.ROOT, "  BLAS implementation          %s%n", blas.getClass().getName());
        System.out.printf(Locale.ROOT, "  draws only                   %10.1f us%n", best[0]);
        System.out.printf(Locale.ROOT, "  fused row loop (ours)        %10.1f us   (%.3f x draws)%n", best[1], best[1] / best[0]);
        System.out.printf(Locale.ROOT, "  whole matrix + BLAS dgemv    %10.1f us   (%.3f x draws)%n", best[2], best[2] / best[0]);
    }

    /**
     * Training throughput: one step is a forward pass, the loss, backpropagation of every parameter
     * gradient and an Adam update on a classifier with 10 outputs and {@code inputs} features; the two
     * products (BLAS dgemm, plain loops) are timed alternately, best of two rounds each after a warm-up.
     */
    static void training(List<String> args) {
        Args a = new Args(args);
        Architecture arch = Labelled.find(Architecture.class, a.string("arch", "res-1")).orElse(null);
        if (arch == null) {
            usage("arch must be one of " + Labelled.allowed(Architecture.class));
        }
        int width = a.integer("width", 64);
        int depth = a.integer("depth", 100);
        int batch = a.integer("batch", 128);
        int inputs = a.integer("inputs", 64);
        double seconds = a.number("seconds", 12);
        resnetmc.training.NetworkSpec spec = new resnetmc.training.NetworkSpec(arch,
                arch == Architecture.RES_3 ? Activation.RELU : Activation.leakyRelu(0.8), width, depth,
                Math.pow(depth, -0.5), inputs, 10, true, 0.0, false);
        UniformRandomProvider rng = RandomStreams.of(1, 2, 3).inputs();
        double[] x = new double[batch * inputs];
        int[] labels = new int[batch];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble();
        }
        for (int i = 0; i < batch; i++) {
            labels[i] = rng.nextInt(10);
        }
        resnetmc.training.Gemm[] gemms = {resnetmc.training.Gemm.BLAS, resnetmc.training.Gemm.LOOPS};
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
        for (int rep = 0; rep < 3; rep++) {
            for (int g = 0; g < 2; g++) {
                resnetmc.training.Network net = new resnetmc.training.Network(spec, batch, gemms[g]);
                net.initialise(RandomStreams.of(1, 2, 3), null);
                double[] grad = new double[spec.parameterCount()];
                resnetmc.training.optim.Optimizer adam = resnetmc.training.optim.Optimizers.create(
                        new resnetmc.training.optim.OptimizerSpec("adam", 0.9, 0.9, 0.999, 1e-8, 0.9, 0, "l2"),
                        grad.length);
                long start = System.nanoTime();
                long n = 0;
                double sink = 0;
                do {
                    sink += net.lossAndGradient(x, 0, null, 0, labels, 0, batch, null, grad);
                    adam.step(net.params(), grad, 1e-4);
                    n++;
                } while (System.nanoTime() - start < seconds / 6 * 1e9);
                keep(sink);
                if (rep > 0) {
                    best[g] = Math.min(best[g], (System.nanoTime() - start) / 1e9 / n);
                }
            }
        }
        System.out.printf(Locale.ROOT, "training steps, %s, d = %d, L = %d, batch %d, %d inputs, 10 classes, Adam, "
                + "one core (%s)%n", arch.label(), width, depth, batch, inputs, System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "  %-40s %10.2f ms/step %10.0f examples/s%n", gemms[0].label(), best[0] * 1e3,
                batch / best[0]);
        System.out.printf(Locale.ROOT, "  %-40s %10.2f ms/step %10.0f examples/s%n", gemms[1].label(), best[1] * 1e3,
                batch / best[1]);
        System.out.printf(Locale.ROOT, "  speed-up of BLAS over loops            %10.2f%n", best[1] / best[0]);
    }

    static void spark(List<String> args) throws Exception {
        if (args.isEmpty()) {
            usage("spark needs a CONFIG");
        }
        RunConfig cfg = ConfigLoader.load(args.get(0), args.subList(1, args.size()));
        int cores = Runtime.getRuntime().availableProcessors();
        // In-process loop: the same work units, on a fixed pool of one thread per core.
        List<List<WorkUnit>> bins = WorkPlan.plan(cfg.cells(), cfg.trials(), 3 * cores);
        ExecutorService pool = Executors.newFixedThreadPool(cores);
        long t0 = System.nanoTime();
        List<Future<Double>> fs = new ArrayList<>();
        for (List<WorkUnit> bin : bins) {
            fs.add(pool.submit(() -> {
                double sink = 0;
                for (WorkUnit u : bin) {
                    Cell c = cfg.cells().get(u.cell());
                    // As the job's TrialIterator builds it (the chain sampler, backward = false, correlated weights).
                    resnetmc.kernel.TrialKernel k = Kernels.trialKernel(c, cfg.trajectoryPoints(), cfg.backward());
                    for (long t = u.firstTrial(); t < u.endTrial(); t++) {
                        sink += k.run(RandomStreams.of(cfg.seed(), c.id(), t)).log10RFwd();
                    }
                }
                return sink;
            }));
        }
        try {
            for (Future<Double> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow(); // its threads are not daemons: a failed loop must not keep the JVM alive
        }
        double loop = (System.nanoTime() - t0) / 1e9;

        File root = new File(System.getProperty("resnetmc.root", "."));
        List<String> cmd = new ArrayList<>(List.of(new File(root, "submit/local").getPath()));
        cmd.addAll(args);
        cmd.add("output=" + System.getProperty("java.io.tmpdir") + "/resnetmc-bench-runs");
        long t1 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put(resnetmc.job.run.PhaseTimes.ENV, "1");
        Process p = pb.start();
        java.util.Map<String, Double> phases = new java.util.HashMap<>();
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                System.out.println(line);
                if (line.startsWith("phases:")) {
                    for (String kv : line.substring("phases:".length()).trim().split(" ")) {
                        String[] parts = kv.split("=", 2);
                        phases.put(parts[0], Double.parseDouble(parts[1]));
                    }
                }
            }
        }
        int code = p.waitFor();
        double job = (System.nanoTime() - t1) / 1e9;
        if (code != 0) {
            throw new IOException("submit/local exited with " + code);
        }
        double execute = phases.getOrDefault("execute", 0.0);
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf(Locale.ROOT, "Spark overhead, %d trials, %d cores, load average %.2f%n", cfg.totalTrials(),
                cores, load);
        System.out.printf(Locale.ROOT, "  in-process loop              %8.1f s%n", loop);
        System.out.printf(Locale.ROOT, "  job (the done: line)         %8.1f s   ratio %.3f%n", execute, execute / loop);
        System.out.printf(Locale.ROOT, "  submit/local (whole command) %8.1f s   ratio %.3f%n", job, job / loop);
        if (phases.isEmpty()) {
            return;
        }
        double session = phases.getOrDefault("session", 0.0);
        double inJob = session + phases.getOrDefault("check-open", 0.0) + execute
                + phases.getOrDefault("runs-commit", 0.0);
        double groups = phases.getOrDefault("groups", 0.0);
        double sampling = phases.getOrDefault("sampling-task-s", 0.0) / cores;
        System.out.printf(Locale.ROOT, "breakdown of the whole command (s)%n");
        System.out.printf(Locale.ROOT, "  JVM start, class loading, Spark stop    %8.2f%n", job - inJob);
        System.out.printf(Locale.ROOT, "  Spark session                           %8.2f%n", session);
        System.out.printf(Locale.ROOT, "  checks of the config, output opened     %8.2f%n",
                phases.getOrDefault("check-open", 0.0));
        System.out.printf(Locale.ROOT, "  job (the done: line)                    %8.2f%n", execute);
        System.out.printf(Locale.ROOT,
                "    sampling (kernel time / %d cores)      %8.2f   (in-process loop %.2f; kernel CPU / %d cores %.2f)%n",
                cores, sampling, loop, cores, phases.getOrDefault("sampling-task-cpu-s", 0.0) / cores);
        System.out.printf(Locale.ROOT, "    scheduling, trial rows, checkpoints   %8.2f   (Spark jobs' wall - sampling)%n",
                groups - sampling);
        System.out.printf(Locale.ROOT, "    aggregation (cell statistics)         %8.2f%n", phases.getOrDefault("statistics", 0.0));
        System.out.printf(Locale.ROOT, "    trials table (checkpoints moved)      %8.2f%n", phases.getOrDefault("move-trials", 0.0));
        System.out.printf(Locale.ROOT, "    checks (driver)                       %8.2f%n", phases.getOrDefault("checks", 0.0));
        System.out.printf(Locale.ROOT, "    tails rows                            %8.2f%n", phases.getOrDefault("tails", 0.0));
        System.out.printf(Locale.ROOT, "    exact quantiles (Spark job)           %8.2f   (%.2f of it waited for)%n",
                phases.getOrDefault("exact-quantiles", 0.0), phases.getOrDefault("exact-quantiles-wait",
                        phases.getOrDefault("exact-quantiles", 0.0)));
        System.out.printf(Locale.ROOT, "    writes (cells, checks, tails)         %8.2f   (%.2f of it waited for)%n",
                phases.getOrDefault("write-tables", 0.0) + phases.getOrDefault("write-cells-checks", 0.0)
                        + phases.getOrDefault("write-tails", 0.0),
                phases.getOrDefault("write-tables-wait", phases.getOrDefault("write-cells-checks", 0.0)
                        + phases.getOrDefault("write-tails", 0.0)));
        System.out.printf(Locale.ROOT, "  runs table and commit                   %8.2f%n", phases.getOrDefault("runs-commit", 0.0));
        System.out.printf(Locale.ROOT, "  fixed in-job costs (job - sampling)     %8.2f   (target < 3 s)%n", execute - sampling);
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Uniform entries as drawn before version 0.2.0, the baseline of the dense uniform speed-up: one 64-bit
     * word per entry (its top 53 bits, (k + 1/2) 2^-53 - 1/2), the row filled, then dotted.
     */
    private static RowFiller wordPerEntryUniform(UniformRandomProvider rng, double scale) {
        double width = 2.0 * Math.sqrt(3.0) * scale;
        return (row, n) -> {
            for (int i = 0; i < n; i++) {
                double u = ((rng.nextLong() >>> 11) + 0.5) * 0x1.0p-53;
                row[i] = (u - 0.5) * width;
            }
        };
    }

    /**
     * Whether {@link #perTrial} and {@link #perDraw} time the calling thread's CPU time instead of the wall
     * clock: on a shared machine the wall clock also counts the time other processes hold the core.
     */
    private static boolean cpuClock;

    private static long now() {
        return cpuClock ? ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static Cell cell(Architecture arch, Sampler sampler, int width, int depth) {
        return cell(arch, Activation.RELU, WeightDistribution.GAUSSIAN, sampler, width, depth);
    }

    private static Cell cell(Architecture arch, Activation act, WeightDistribution law, Sampler sampler, int width,
                             int depth) {
        return new Cell(arch, act, law, width, depth, new Scaling.Beta(0.5), InputKind.GAUSSIAN, LossKind.QUADRATIC,
                sampler);
    }

    /** Seconds per forward pass (h_0 and the loss head drawn too), at least one and about {@code budget} s. */
    private static double perForward(ResidualKernel k, Cell cell, double budget) {
        long start = System.nanoTime();
        long n = 0;
        double sink = 0;
        do {
            var streams = RandomStreams.of(1, cell.id(), n++);
            resnetmc.kernel.InputDraw in = resnetmc.kernel.InputDraw.draw(streams.inputs(), cell.width(),
                    cell.input(), cell.loss());
            k.forward(in.h0, streams);
            sink += in.h0[0];
        } while ((System.nanoTime() - start) < budget * 1e9);
        keep(sink);
        return (System.nanoTime() - start) / 1e9 / n;
    }

    private static long peakHeap() {
        long peak = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /** Seconds per trial, at least one trial and about {@code budget} seconds. */
    private static double perTrial(resnetmc.kernel.TrialKernel k, Cell cell, double budget) {
        long start = now();
        long n = 0;
        double sink = 0;
        do {
            sink += k.run(RandomStreams.of(1, cell.id(), n++)).log10RFwd();
        } while ((now() - start) < budget * 1e9);
        keep(sink);
        return (now() - start) / 1e9 / n;
    }

    /** Seconds per Gaussian draw, drawing rows of length d as the kernel does. */
    private static double perDraw(int width, double budget, double[] row) {
        UniformRandomProvider rng = RandomStreams.of(2, 3, 4).v(1);
        EntrySampler es = EntrySampler.of(WeightDistribution.GAUSSIAN, rng, 1.0);
        long start = now();
        long rows = 0;
        double sink = 0;
        do {
            for (int i = 0; i < 1000; i++) {
                es.fill(row, width);
                sink += row[i % width];
            }
            rows += 1000;
        } while ((now() - start) < budget * 1e9);
        keep(sink);
        return (now() - start) / 1e9 / ((double) rows * width);
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    /** Keeps a result alive so the JIT cannot drop the measured work. */
    private static void keep(double sink) {
        if (sink == 42.4242) {
            System.out.print("");
        }
    }

    private static void usage(String why) {
        System.err.println("error: " + why + "\nusage: submit/bench [dense [arch=res-2] [width=128] [depth=1000] "
                + "[seconds=10] | conditional [depth=1000] [widths=64,256,1024] [seconds=10] | scale [depth=1000000] "
                + "[width=1024] | spark CONFIG [key=value ...] | blas [width=256] [seconds=6]"
                + " | training [arch=res-1] [width=64] [depth=100] [batch=128] [inputs=64] [seconds=12]"
                + " | chain [depth=100000] [seconds=4] [--huge]"
                + " | limits [width=256] [depth=1000] [dense-widths=40,256] [seconds=20]]");
        System.exit(2);
    }

    /** key=value arguments with defaults; a bad one exits with code 2. */
    private static final class Args {
        private final java.util.Map<String, String> values = new java.util.HashMap<>();

        Args(List<String> args) {
            for (String a : args) {
                String[] kv = a.split("=", 2);
                if (kv.length != 2) {
                    usage("bad argument '" + a + "', expected key=value");
                }
                values.put(kv[0], kv[1]);
            }
        }

        String string(String key, String dflt) {
            return values.getOrDefault(key, dflt);
        }

        int integer(String key, int dflt) {
            try {
                int v = Integer.parseInt(string(key, Integer.toString(dflt)));
                if (v < 1) {
                    usage(key + " must be >= 1");
                }
                return v;
            } catch (NumberFormatException e) {
                usage(key + " must be an integer");
                return -1;
            }
        }

        double number(String key, double dflt) {
            try {
                double v = Double.parseDouble(string(key, Double.toString(dflt)));
                if (!(v > 0)) {
                    usage(key + " must be > 0");
                }
                return v;
            } catch (NumberFormatException e) {
                usage(key + " must be a number");
                return -1;
            }
        }
    }
}
