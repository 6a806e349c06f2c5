package resnetmc.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import resnetmc.job.run.Versions;

/**
 * The submit/ wrappers run with a fake {@code spark-submit} (a SPARK_HOME whose bin/spark-submit writes
 * its arguments, one a line, to a file) and fake {@code java} and {@code mvn} first on the PATH (java
 * records its arguments and exits with FAKE_JAVA_EXIT; mvn records that it was called and fails): what
 * the wrappers hand to Spark is read back and compared with spark-submit's own rules (of a repeated
 * option the last wins; --deploy-mode wins over spark.submit.deployMode; --files over spark.files).
 */
class WrapperScriptsTest {
    private static final List<String> SCRIPTS = List.of("local", "cluster", "yarn", "k8s", "standalone", "analysis",
            "bench", "plan", "test-cluster");

    @TempDir
    Path dir;
    private Path submitRecord;
    private Path javaRecord;
    private Path mvnRecord;
    private Path bin;
    private Path sparkHome;
    private Path appJar;
    private Path config;

    @BeforeEach
    void fakes() throws IOException {
        submitRecord = dir.resolve("spark-submit.args");
        javaRecord = dir.resolve("java.args");
        mvnRecord = dir.resolve("mvn.called");
        bin = Files.createDirectories(dir.resolve("bin"));
        sparkHome = dir.resolve("spark");
        executable(Files.createDirectories(sparkHome.resolve("bin")).resolve("spark-submit"),
                "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" > \"$FAKE_SUBMIT_RECORD\"\n");
        executable(bin.resolve("java"),
                "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" > \"$FAKE_JAVA_RECORD\"\nexit \"${FAKE_JAVA_EXIT:-0}\"\n");
        executable(bin.resolve("mvn"), "#!/usr/bin/env bash\ntouch \"$FAKE_MVN_RECORD\"\nexit 1\n");
        appJar = Files.writeString(dir.resolve("app.jar"), "not read by the fakes");
        config = Processes.ROOT.resolve("conf/quickstart.conf");
    }

    private static void executable(Path p, String text) throws IOException {
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private record Result(int exit, String output, double seconds) {
    }

    private Result run(Map<String, String> extraEnv, String script, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", Processes.ROOT.resolve("submit").resolve(script).toString()));
        cmd.addAll(List.of(args));
        Path log = dir.resolve(script + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Processes.ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("RESNETMC_") || k.startsWith("SPARK_") || k.endsWith("_CONF_DIR"));
        env.put("PATH", bin + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("FAKE_SUBMIT_RECORD", submitRecord.toString());
        env.put("FAKE_JAVA_RECORD", javaRecord.toString());
        env.put("FAKE_MVN_RECORD", mvnRecord.toString());
        env.put("SUBMIT_ENV", "/dev/null");
        env.put("RESNETMC_APP_JAR", appJar.toString());
        env.put("RESNETMC_CLASSPATH", "/nonexistent/dependency.jar");
        env.putAll(extraEnv);
        long t0 = System.nanoTime();
        int exit = Processes.waitFor(pb.start(), 60, log);
        return new Result(exit, Files.readString(log), (System.nanoTime() - t0) / 1e9);
    }

    private List<String> submitted() throws IOException {
        return Files.readAllLines(submitRecord, StandardCharsets.UTF_8);
    }

    /** The value after the last occurrence of {@code option} in {@code args}, or null. */
    private static String last(List<String> args, String option) {
        String v = null;
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals(option)) {
                v = args.get(i + 1);
            }
        }
        return v;
    }

    private static long count(List<String> args, String option) {
        return args.stream().filter(option::equals).count();
    }

    @Test
    void everyCommandAnswersHelpAndVersionWithoutJavaMavenOrSettings() throws Exception {
        for (String s : SCRIPTS) {
            // no SPARK_HOME, HADOOP_CONF_DIR, master or k8s settings: the checks that need them come after
            Result help = run(Map.of("RESNETMC_APP_JAR", ""), s, "--help");
            assertEquals(0, help.exit(), s + " --help: " + help.output());
            assertTrue(help.output().contains("submit/" + s), s + " --help names its usage: " + help.output());
            assertTrue(help.seconds() < 2, s + " --help took " + help.seconds() + " s");
            Result version = run(Map.of("RESNETMC_APP_JAR", ""), s, "--version");
            assertEquals(0, version.exit(), s + " --version: " + version.output());
            // the same text as the runs table's project_version and the job's own --version
            assertEquals("resnetmc " + Versions.PROJECT, version.output().trim(), s);
        }
        assertFalse(Files.exists(javaRecord), "java was started");
        assertFalse(Files.exists(mvnRecord), "mvn was started");
        assertTrue(Main.version().startsWith("resnetmc " + Versions.PROJECT + " "), Main.version());
    }

    @Test
    void clusterModeMergesTheUsersFilesWithTheConfig() throws Exception {
        Map<String, String> env = Map.of("SPARK_HOME", sparkHome.toString());
        run(env, "cluster", config.toString(), "trials=10", "--", "--master", "yarn", "--files", "a.txt",
                "--files", "b.txt,c.txt", "--deploy-mode", "cluster");
        List<String> args = submitted();
        assertEquals(1, count(args, "--files"), args.toString());
        assertEquals("b.txt,c.txt," + config, last(args, "--files")); // the last --files, plus the config
        int jar = args.indexOf(appJar.toString());
        assertEquals(List.of("quickstart.conf", "trials=10"), args.subList(jar + 1, args.size()));

        // --files=... form, and spark.files when no --files flag is given
        run(env, "cluster", config.toString(), "--", "--files=x.txt", "--deploy-mode=cluster");
        assertEquals("x.txt," + config, last(submitted(), "--files"));
        run(env, "cluster", config.toString(), "--", "--conf", "spark.files=y.txt", "--deploy-mode", "cluster");
        assertEquals("y.txt," + config, last(submitted(), "--files"));
        assertFalse(submitted().contains("spark.files=y.txt"), submitted().toString());

        // client mode: the user's files untouched, the config read from this machine
        run(env, "cluster", config.toString(), "--", "--files", "a.txt");
        assertEquals("a.txt", last(submitted(), "--files"));
        assertEquals(config.toString(), submitted().get(submitted().indexOf(appJar.toString()) + 1));
    }

    @Test
    void theDeployModeIsTheOneSparkSubmitUses() throws Exception {
        Map<String, String> env = Map.of("SPARK_HOME", sparkHome.toString());
        // the last --deploy-mode wins
        run(env, "cluster", config.toString(), "--", "--deploy-mode", "cluster", "--deploy-mode", "client");
        assertEquals(0, count(submitted(), "--files"), submitted().toString());
        run(env, "cluster", config.toString(), "--", "--deploy-mode", "client", "--deploy-mode", "cluster");
        assertEquals(config.toString(), last(submitted(), "--files"));
        // spark.submit.deployMode counts when no flag is given, and loses to a flag wherever it stands
        Files.deleteIfExists(javaRecord);
        run(env, "cluster", config.toString(), "--", "--conf", "spark.submit.deployMode=cluster");
        assertEquals(config.toString(), last(submitted(), "--files"));
        assertTrue(Files.exists(javaRecord), "the plan is checked on this machine before a cluster-mode submission");
        Files.deleteIfExists(javaRecord);
        run(env, "cluster", config.toString(), "--", "--deploy-mode", "client", "--conf",
                "spark.submit.deployMode=cluster");
        assertEquals(0, count(submitted(), "--files"), submitted().toString());
        assertFalse(Files.exists(javaRecord), "client mode: the driver checks the plan itself");
    }

    @Test
    void aClusterModeSubmissionIsRefusedWhenThePlanCheckRefuses() throws Exception {
        Map<String, String> env = Map.of("SPARK_HOME", sparkHome.toString(), "FAKE_JAVA_EXIT", "2");
        Result r = run(env, "cluster", config.toString(), "--", "--master", "yarn", "--executor-memory", "2g",
                "--conf", "spark.executor.memory=8g", "--executor-memory", "3g", "--deploy-mode", "cluster");
        assertEquals(2, r.exit(), r.output());
        assertFalse(Files.exists(submitRecord), "nothing submitted");
        List<String> java = Files.readAllLines(javaRecord);
        assertTrue(java.contains("--check"), java.toString());
        // the JVM keeps the last -D of a key: the flag's value must come last, as spark-submit lets the flag win
        String memory = null;
        for (String a : java) {
            if (a.startsWith("-Dspark.executor.memory=")) {
                memory = a;
            }
        }
        assertEquals("-Dspark.executor.memory=3g", memory);
        assertTrue(java.contains("-Dspark.master=yarn"), java.toString());
    }

    /**
     * The real plan check (java, the job's classes, no Spark started): a conditional and a dense cell at
     * d = 10^8 need about 24 GB per trial, refused with exit 2 within 10 s, by submit/local (the driver's
     * heap) and by submit/cluster in cluster deploy mode (the executors' memory) before anything is submitted.
     */
    @Test
    void aCellThatCannotFitIsRefusedBeforeAnythingIsSubmitted() throws Exception {
        // A Spark home whose jars/ are the test's dependency jars (the plan check runs on SPARK_HOME/jars/*; the
        // test's application jar is not shaded, so its libraries come from there too).
        // One jar whose manifest Class-Path names them (no links: the temp dir's clean-up would warn about each).
        Path jars = Files.createDirectories(sparkHome.resolve("jars"));
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        StringBuilder classPath = new StringBuilder();
        for (String j : Processes.dependencyJars().split(java.io.File.pathSeparator)) {
            classPath.append(Path.of(j).toUri()).append(' ');
        }
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.CLASS_PATH, classPath.toString().trim());
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jars.resolve("deps.jar")), manifest)) {
            out.flush();
        }
        Map<String, String> real = Map.of("PATH", System.getenv("PATH"), "RESNETMC_APP_JAR",
                Processes.appJar(dir).toString(), "RESNETMC_CLASSPATH", Processes.dependencyJars(),
                "SPARK_HOME", sparkHome.toString());
        for (String sampler : List.of("conditional", "dense")) {
            Result local = run(real, "local", config.toString(), "grid.width=[100000000]", "sampler=" + sampler);
            assertEquals(2, local.exit(), local.output());
            assertTrue(local.output().contains("width=100000000") && local.output().contains("MiB"), local.output());
            assertTrue(local.seconds() < 10, "submit/local took " + local.seconds() + " s");
            Result cluster = run(real, "cluster", config.toString(), "grid.width=[100000000]", "sampler=" + sampler,
                    "--", "--master", "yarn", "--deploy-mode", "cluster", "--executor-memory", "4g");
            assertEquals(2, cluster.exit(), cluster.output());
            assertTrue(cluster.output().contains("spark.executor.memory 4096 MiB"), cluster.output());
            assertTrue(cluster.seconds() < 10, "submit/cluster took " + cluster.seconds() + " s");
            assertFalse(Files.exists(submitRecord), "nothing submitted");
        }
        // the chain keeps O(sqrt L) scalars: the same width passes the check and is submitted
        Result chain = run(real, "cluster", config.toString(), "grid.width=[100000000]", "grid.arch=[res-3]",
                "grid.activation=[relu]", "sampler=chain", "--", "--master", "yarn", "--deploy-mode", "cluster",
                "--executor-memory", "1g");
        assertEquals(0, chain.exit(), chain.output());
        assertTrue(chain.output().contains("plan: 9 cells (sampler: chain 9)"), chain.output());
        assertEquals("cluster", last(submitted(), "--deploy-mode"));
    }

    @Test
    void theEnvTemplateLeavesEachWrappersDeployModeAlone() throws Exception {
        Path template = Processes.ROOT.resolve("submit/env.template");
        Path hadoopConf = Files.createDirectories(dir.resolve("hadoop-conf"));
        Result yarn = run(Map.of("SUBMIT_ENV", template.toString(), "SPARK_HOME", sparkHome.toString(),
                "HADOOP_CONF_DIR", hadoopConf.toString()), "yarn", config.toString());
        assertEquals(0, yarn.exit(), yarn.output());
        assertEquals("cluster", last(submitted(), "--deploy-mode"), "submit/yarn with the template");
        Result k8s = run(Map.of("SUBMIT_ENV", template.toString(), "SPARK_HOME", sparkHome.toString(),
                "RESNETMC_K8S_MASTER", "k8s://https://127.0.0.1:1", "RESNETMC_K8S_IMAGE", "img"), "k8s",
                config.toString());
        assertEquals(0, k8s.exit(), k8s.output());
        assertEquals("cluster", last(submitted(), "--deploy-mode"), "submit/k8s with the template");
        Result standalone = run(Map.of("SUBMIT_ENV", template.toString(), "SPARK_HOME", sparkHome.toString()),
                "standalone", config.toString(), "--", "--deploy-mode", "cluster");
        assertEquals(0, standalone.exit(), standalone.output());
        assertEquals("cluster", last(submitted(), "--deploy-mode"), "the command line's deploy mode comes last");
    }

    @Test
    void submitOptsAsAnArrayKeepValuesWithSpaces() throws Exception {
        Path envFile = Files.writeString(dir.resolve("env"),
                "RESNETMC_SUBMIT_OPTS=(--conf \"spark.driver.extraJavaOptions=-Da=1 -Db=2\" --executor-memory 1g)\n");
        run(Map.of("SUBMIT_ENV", envFile.toString(), "SPARK_HOME", sparkHome.toString()), "cluster",
                config.toString(), "--", "--executor-memory", "5g");
        List<String> args = submitted();
        assertTrue(args.contains("spark.driver.extraJavaOptions=-Da=1 -Db=2"), args.toString());
        assertEquals("5g", last(args, "--executor-memory"), "the command line's options come after the settings'");
        // the environment's string form, split at white space
        run(Map.of("RESNETMC_SUBMIT_OPTS", "--conf spark.task.maxFailures=8", "SPARK_HOME", sparkHome.toString()),
                "cluster", config.toString());
        assertEquals("spark.task.maxFailures=8", last(submitted(), "--conf"));
    }

    @Test
    void localPassesSparkAndJvmOptionsAfterTheDoubleDash() throws Exception {
        Result r = run(Map.of(), "local", config.toString(), "trials=5", "--dry-run", "--", "--conf",
                "spark.ui.enabled=true", "--master", "local[1]", "--driver-memory", "6g", "--driver-java-options",
                "-Dx=1 -Dy=2");
        assertEquals(0, r.exit(), r.output());
        List<String> java = Files.readAllLines(javaRecord);
        assertTrue(java.contains("-Xmx6g"), java.toString());
        // the options come after the defaults (spark.master=local[*], spark.ui.enabled=false): the JVM keeps the last
        assertTrue(java.lastIndexOf("-Dspark.ui.enabled=true") > java.lastIndexOf("-Dspark.ui.enabled=false"));
        assertTrue(java.lastIndexOf("-Dspark.master=local[1]") > java.lastIndexOf("-Dspark.master=local[*]"));
        assertTrue(java.contains("-Dx=1") && java.contains("-Dy=2"), java.toString());
        int main = java.indexOf("resnetmc.job.Main");
        assertEquals(List.of(config.toString(), "trials=5", "--dry-run"), java.subList(main + 1, java.size()));
        Result bad = run(Map.of(), "local", config.toString(), "--", "--executor-memory", "2g");
        assertEquals(2, bad.exit(), bad.output());
        assertTrue(bad.output().contains("--executor-memory"), bad.output());
    }

    @Test
    void theJarIsRebuiltWhenASourceOrReferenceConfIsNewer() throws Exception {
        // A copy of the layout: pom.xml, a module's main source and resource, and the jar they build.
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("submit/lib"));
        Files.copy(Processes.ROOT.resolve("submit/lib/common.sh"), tree.resolve("submit/lib/common.sh"));
        Path pom = Files.writeString(tree.resolve("pom.xml"), "<project/>");
        Path source = Files.writeString(Files.createDirectories(tree.resolve("m/src/main/java")).resolve("A.java"), "");
        Path conf = Files.writeString(Files.createDirectories(tree.resolve("m/src/main/resources"))
                .resolve("reference.conf"), "");
        Path test = Files.writeString(Files.createDirectories(tree.resolve("m/src/test/java")).resolve("T.java"), "");
        Path jar = Files.writeString(Files.createDirectories(tree.resolve("m/target")).resolve("m.jar"), "");
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        FileTime built = FileTime.fromMillis(1_000_000_100_000L);
        FileTime later = FileTime.fromMillis(1_000_000_200_000L);
        for (Path p : List.of(pom, source, conf)) {
            Files.setLastModifiedTime(p, old);
        }
        Files.setLastModifiedTime(jar, built);
        Files.setLastModifiedTime(test, later); // a test source does not change the jar
        assertEquals("fresh", stale(tree, jar));
        Files.setLastModifiedTime(conf, later);
        assertEquals("stale", stale(tree, jar));
        Files.setLastModifiedTime(conf, old);
        Files.setLastModifiedTime(source, later);
        assertEquals("stale", stale(tree, jar));
        Files.setLastModifiedTime(source, old);
        Files.setLastModifiedTime(pom, later);
        assertEquals("stale", stale(tree, jar));
        Files.delete(jar);
        assertEquals("stale", stale(tree, jar));
    }

    private String stale(Path tree, Path jar) throws Exception {
        Path log = dir.resolve("stale.log");
        Process p = new ProcessBuilder("bash", "-c", "source \"$0\"; if stale \"$1\" m; then echo stale; else echo fresh; fi",
                tree.resolve("submit/lib/common.sh").toString(), jar.toString()).redirectErrorStream(false)
                .redirectOutput(log.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(0, Processes.waitFor(p, 30, log));
        return Files.readString(log).trim();
    }
}
