package resnetmc.job.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.protocol.DatanodeInfo;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.protocol.HdfsConstants;
import org.apache.hadoop.net.NetUtils;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness itself, without Spark, as {@code submit/test-cluster --yarn} runs it (its main, in a child
 * JVM of this test's class path): HDFS with two live DataNodes and YARN with two running NodeManagers,
 * reached only through the written client configuration, every address on loopback; a YARN container
 * starts this machine's Java (the NodeManagers pass JAVA_HOME); SIGTERM stops everything, containers
 * included.
 */
@Tag("yarn")
class MiniHadoopTest {
    @TempDir
    Path dir;

    @Test
    void clustersReachableThroughTheirClientConfiguration() throws Exception {
        Path log = dir.resolve("hadoop.log");
        List<String> cmd = new java.util.ArrayList<>(List.of("java", "-Xmx1g"));
        // The module opens Spark needs (target/jvm-options.txt) serve Hadoop's Guice as well.
        cmd.addAll(List.of(Files.readString(Path.of("target", "jvm-options.txt")).trim().split("\\s+")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), MiniHadoop.class.getName(), "--yarn",
                dir.resolve("hadoop").toString()));
        Process hadoop = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<ProcessHandle> started = new java.util.ArrayList<>();
        try {
            Path ready = dir.resolve("hadoop/ready");
            long deadline = System.nanoTime() + 180_000_000_000L;
            while (!Files.exists(ready) && hadoop.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(Files.exists(ready), () -> "mini clusters not up:\n" + tail(log));
            check(dir.resolve("hadoop"));
            hadoop.descendants().forEach(started::add);
        } finally {
            hadoop.destroy(); // SIGTERM: the shutdown hook stops the clusters and their containers
            if (!hadoop.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                hadoop.descendants().forEach(ProcessHandle::destroyForcibly);
                hadoop.destroyForcibly();
                throw new AssertionError("the mini clusters' JVM did not stop within 60 s of SIGTERM");
            }
        }
        for (ProcessHandle p : started) {
            assertFalse(p.isAlive(), "process " + p.pid() + " of the mini clusters stopped");
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    static void check(Path hadoopDir) throws Exception {
        // A client that knows only HADOOP_CONF_DIR's files, as spark-submit does.
        Configuration conf = new Configuration(false);
        for (String f : List.of("core-site.xml", "hdfs-site.xml", "yarn-site.xml")) {
            conf.addResource(new org.apache.hadoop.fs.Path(hadoopDir.resolve("conf").resolve(f).toUri()));
        }
        YarnConfiguration yconf = new YarnConfiguration(conf);
        for (String key : List.of("fs.defaultFS", "yarn.resourcemanager.address",
                "yarn.resourcemanager.scheduler.address", "yarn.resourcemanager.webapp.address")) {
            String host = key.equals("fs.defaultFS") ? java.net.URI.create(yconf.get(key)).getHost()
                    : NetUtils.createSocketAddr(yconf.get(key)).getHostString();
            assertTrue(InetAddress.getByName(host).isLoopbackAddress(), key + " = " + yconf.get(key));
        }

        try (FileSystem fs = FileSystem.newInstance(yconf)) {
            DatanodeInfo[] live = ((DistributedFileSystem) fs).getDataNodeStats(HdfsConstants.DatanodeReportType.LIVE);
            assertEquals(2, live.length, "live DataNodes");
            for (DatanodeInfo d : live) {
                assertTrue(InetAddress.getByName(d.getIpAddr()).isLoopbackAddress(), d.getXferAddr());
            }
            org.apache.hadoop.fs.Path f = new org.apache.hadoop.fs.Path("/probe");
            try (var out = fs.create(f, false)) {
                out.writeUTF("x");
            }
            assertEquals(2, fs.getFileStatus(f).getReplication());
        }

        YarnClient yarn = YarnClient.createYarnClient();
        yarn.init(yconf);
        yarn.start();
        try {
            List<NodeReport> nodes = yarn.getNodeReports(NodeState.RUNNING);
            assertEquals(2, nodes.size(), "running NodeManagers");
            for (NodeReport n : nodes) {
                assertTrue(InetAddress.getByName(n.getNodeId().getHost()).isLoopbackAddress(), n.getNodeId().toString());
            }
            // An application whose AM container only runs `$JAVA_HOME/bin/java -version`: it fails (it
            // never registers), but its container log shows that containers start this machine's Java.
            var app = yarn.createApplication();
            ApplicationSubmissionContext ctx = app.getApplicationSubmissionContext();
            ApplicationId id = ctx.getApplicationId();
            ctx.setApplicationName("java-version");
            ctx.setResource(Resource.newInstance(128, 1));
            ctx.setMaxAppAttempts(1);
            ctx.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(),
                    List.of("{{JAVA_HOME}}/bin/java -version 2><LOG_DIR>/stderr"), null, null, null));
            yarn.submitApplication(ctx);
            ApplicationReport r = yarn.getApplicationReport(id);
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!List.of(YarnApplicationState.FINISHED, YarnApplicationState.FAILED, YarnApplicationState.KILLED)
                    .contains(r.getYarnApplicationState()) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                r = yarn.getApplicationReport(id);
            }
            String log = containerStderr(hadoopDir.resolve("yarn"), id.toString());
            assertTrue(log.contains("version \"" + System.getProperty("java.specification.version")),
                    "the container ran " + System.getProperty("java.home") + "/bin/java: " + log);
        } finally {
            yarn.stop();
        }
    }

    static String containerStderr(Path yarnDir, String appId) throws Exception {
        try (Stream<Path> files = Files.walk(yarnDir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().equals("stderr")
                    && f.toString().contains(appId)).toList()) {
                return Files.readString(f);
            }
        }
        return "(no container stderr of " + appId + ")";
    }
}
