package resnetmc.job;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Child processes of the integration tests: the project's scripts and JVMs started from this test JVM's
 * own class path, so they run the code under test without the packaged jar (which {@code mvn test} has
 * not built yet).
 */
final class Processes {
    /** The project root (Surefire runs in spark-job/job/). */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent().getParent();

    private Processes() {
    }

    /** The dependency jars of this JVM's class path (Spark from Maven and the job's libraries). */
    static String dependencyJars() {
        List<String> jars = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.endsWith(".jar") && !e.contains("surefire")) {
                jars.add(e);
            }
        }
        return String.join(File.pathSeparator, jars);
    }

    /**
     * A jar of the compiled main classes and resources of this module and of the project's modules it
     * depends on (their target/classes folders on this JVM's class path, as a reactor build lays them):
     * the application jar to submit.
     */
    static Path appJar(Path dir) throws IOException {
        Path jar = dir.resolve("resnetmc-job-test.jar");
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path classes = Path.of(e).toAbsolutePath();
                if (!Files.isDirectory(classes) || !classes.endsWith(Path.of("target", "classes"))) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(classes)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        String name = classes.relativize(f).toString().replace(File.separatorChar, '/');
                        if (seen.add(name)) {
                            out.putNextEntry(new JarEntry(name));
                            Files.copy(f, out);
                            out.closeEntry();
                        }
                    }
                }
            }
        }
        return jar;
    }

    /** The --add-opens options Spark needs on Java 17 (target/jvm-options.txt, made by process-resources). */
    static List<String> jvmOptions() throws IOException {
        return List.of(Files.readString(Path.of("target", "jvm-options.txt")).trim().split("\\s+"));
    }

    /** A process builder for a submit/ script, with the test's class path and application jar. */
    static ProcessBuilder script(Path appJar, Path log, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("bash");
        cmd.add(ROOT.resolve("submit").resolve(args[0]).toString());
        cmd.addAll(List.of(args).subList(1, args.length));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("RESNETMC_CLASSPATH", dependencyJars());
        env.put("RESNETMC_APP_JAR", appJar.toString());
        env.put("SUBMIT_ENV", "/dev/null");
        env.remove("SPARK_HOME");
        return pb;
    }

    /** Waits for a process, failing the test when it takes longer than {@code seconds} (it is then killed). */
    static int waitFor(Process p, long seconds, Path log) throws Exception {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("timed out after " + seconds + " s; output:\n" + tail(log));
        }
        return p.exitValue();
    }

    static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no output)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** The command line of a process (from /proc on Linux), empty when unknown. */
    static String commandLine(ProcessHandle p) {
        try {
            byte[] b = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
            return new String(b).replace('\0', ' ');
        } catch (IOException e) {
            return p.info().commandLine().orElse("");
        }
    }
}
