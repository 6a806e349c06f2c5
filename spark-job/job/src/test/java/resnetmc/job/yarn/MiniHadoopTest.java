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
 * The harness itself, without Spark: HDFS with two live DataNodes and YARN with two running
 * NodeManagers, reached only through the written client configuration, every address on loopback; a
 * YARN container starts this machine's Java (the NodeManagers pass JAVA_HOME); everything is stopped.
 */
@Tag("yarn")
class MiniHadoopTest {
    @TempDir
    Path dir;

    @Test
    void clustersReachableThroughTheirClientConfiguration() throws Exception {
        List<ProcessHandle> containers;
        try (MiniHadoop h = MiniHadoop.start(dir)) {
            // A client that knows only HADOOP_CONF_DIR's files, as spark-submit does.
            Configuration conf = new Configuration(false);
            for (String f : List.of("core-site.xml", "hdfs-site.xml", "yarn-site.xml")) {
                conf.addResource(new org.apache.hadoop.fs.Path(h.confDir().resolve(f).toUri()));
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
                String log = containerStderr(h.yarnDir(), id.toString());
                assertTrue(log.contains("version \"" + System.getProperty("java.specification.version")),
                        "the container ran " + System.getProperty("java.home") + "/bin/java: " + log);
            } finally {
                yarn.stop();
            }
            containers = MiniHadoop.containers();
        }
        for (ProcessHandle p : containers) {
            assertFalse(p.isAlive(), "container process " + p.pid() + " stopped");
        }
        assertEquals(List.of(), MiniHadoop.containers(), "no container process left");
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
