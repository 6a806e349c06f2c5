package resnetmc.job.yarn;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * Hadoop's own mini clusters in this JVM, on 127.0.0.1 and free ports: HDFS (one NameNode, two DataNodes)
 * and YARN (a ResourceManager and two NodeManagers running containers as child processes of this JVM),
 * with the client configuration a user's cluster would hand out ({@code core-site.xml},
 * {@code hdfs-site.xml}, {@code yarn-site.xml}) written to {@link #confDir()}, for {@code HADOOP_CONF_DIR}.
 *
 * <p>{@link #close()} stops both clusters and then kills any container process that outlived its
 * NodeManager; it is safe after a failed start. {@link #main} runs the same clusters for
 * {@code submit/test-cluster --yarn}.
 */
public final class MiniHadoop implements AutoCloseable {
    /** Memory each NodeManager offers: room for two applications of an AM and two 512m executors. */
    static final int NM_MEMORY_MB = 3072;

    private final Path dir;
    private final Path confDir;
    private MiniDFSCluster dfs;
    private MiniYARNCluster yarn;
    private String fsUri;

    private MiniHadoop(Path dir) {
        this.dir = dir;
        this.confDir = dir.resolve("conf");
    }

    /** Starts HDFS and YARN with their data, logs and configuration under {@code dir}. */
    public static MiniHadoop start(Path dir) throws IOException {
        return start(dir, true);
    }

    /** Starts HDFS, and YARN when {@code withYarn}, under {@code dir}. */
    public static MiniHadoop start(Path dir, boolean withYarn) throws IOException {
        MiniHadoop h = new MiniHadoop(dir.toAbsolutePath());
        try {
            h.startClusters(withYarn);
            return h;
        } catch (IOException | RuntimeException | Error e) {
            h.close();
            throw e;
        } catch (Exception e) {
            h.close();
            throw new IOException("mini clusters did not start: " + e, e);
        }
    }

    private void startClusters(boolean withYarn) throws Exception {
        Files.createDirectories(confDir);
        // The NodeManagers' work dirs go under test.build.data (GenericTestUtils.getTestDir).
        System.setProperty("test.build.data", dir.resolve("yarn").toString());
        System.setProperty("hadoop.log.dir", dir.resolve("logs").toString());

        Configuration conf = new Configuration();
        conf.set("hadoop.tmp.dir", dir.resolve("tmp").toString());
        conf.setInt("dfs.replication", 2);
        // A stopped DataNode is declared dead within seconds instead of 10 minutes.
        conf.setInt("dfs.heartbeat.interval", 1);
        conf.setInt("dfs.namenode.heartbeat.recheck-interval", 3000);
        dfs = new MiniDFSCluster.Builder(conf, dir.resolve("dfs").toFile()).numDataNodes(2).nameNodePort(0)
                .nameNodeHttpPort(0).build();
        dfs.waitActive();
        fsUri = dfs.getFileSystem().getUri().toString();
        writeSite("core-site.xml", Map.of("fs.defaultFS", fsUri));
        writeSite("hdfs-site.xml", Map.of("dfs.replication", "2"));
        if (!withYarn) {
            return;
        }

        YarnConfiguration yconf = new YarnConfiguration(conf);
        yconf.set("fs.defaultFS", fsUri);
        yconf.setInt("yarn.scheduler.minimum-allocation-mb", 128);
        yconf.setInt("yarn.scheduler.maximum-allocation-mb", NM_MEMORY_MB);
        yconf.setInt("yarn.nodemanager.resource.memory-mb", NM_MEMORY_MB);
        yconf.setInt("yarn.nodemanager.resource.cpu-vcores", 2);
        // One queue, "default" (the minicluster jar has no capacity-scheduler.xml); the capacity scheduler
        // admits AMs up to 10% of the memory by default: too few for two jobs.
        yconf.set("yarn.scheduler.capacity.root.queues", "default");
        yconf.set("yarn.scheduler.capacity.root.default.capacity", "100");
        yconf.set("yarn.scheduler.capacity.root.default.maximum-capacity", "100");
        yconf.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 1.0f);
        yconf.setBoolean("yarn.nodemanager.vmem-check-enabled", false);
        yconf.setBoolean("yarn.nodemanager.pmem-check-enabled", false);
        // A full build disk must not mark the NodeManagers unhealthy.
        yconf.setFloat("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", 100f);
        // Containers start `$JAVA_HOME/bin/java`: this JVM's Java, also when JAVA_HOME is not exported.
        yconf.set("yarn.nodemanager.admin-env", "JAVA_HOME=" + System.getProperty("java.home"));
        yarn = new MiniYARNCluster("resnetmc", 2, 1, 1);
        yarn.init(yconf);
        yarn.start();
        if (!yarn.waitForNodeManagersToConnect(60_000)) {
            throw new IOException("the NodeManagers did not register with the ResourceManager in 60 s");
        }
        Configuration rm = yarn.getConfig();
        Map<String, String> y = new java.util.TreeMap<>();
        for (String key : List.of("yarn.resourcemanager.address", "yarn.resourcemanager.scheduler.address",
                "yarn.resourcemanager.resource-tracker.address", "yarn.resourcemanager.admin.address",
                "yarn.resourcemanager.webapp.address")) {
            y.put(key, rm.get(key));
        }
        y.put("yarn.resourcemanager.hostname", "127.0.0.1");
        writeSite("yarn-site.xml", y);
    }

    private void writeSite(String name, Map<String, String> properties) throws IOException {
        Configuration c = new Configuration(false);
        properties.forEach(c::set);
        try (OutputStream out = Files.newOutputStream(confDir.resolve(name))) {
            c.writeXml(out);
        }
    }

    /** The client configuration folder, for {@code HADOOP_CONF_DIR}. */
    public Path confDir() {
        return confDir;
    }

    /** {@code hdfs://127.0.0.1:PORT} */
    public String fsUri() {
        return fsUri;
    }

    public MiniDFSCluster dfs() {
        return dfs;
    }

    /** The NodeManagers' work folders, where the containers' logs and launch scripts are. */
    public Path yarnDir() {
        return yarn.getTestWorkDir().toPath();
    }

    /** The YARN cluster, null when started without it. */
    public MiniYARNCluster yarn() {
        return yarn;
    }

    /** Stops DataNode {@code i} (0 or 1) as a crash would: its blocks become unreachable. */
    public void stopDataNode(int i) {
        dfs.stopDataNode(i);
    }

    /** The container processes (AM, driver, executors) that run now: descendants of this JVM. */
    public static List<ProcessHandle> containers() {
        List<ProcessHandle> c = new ArrayList<>();
        ProcessHandle.current().descendants().forEach(p -> {
            String cmd = p.info().commandLine().orElse("");
            if (cmd.contains("/container_") || cmd.contains("launch_container.sh")
                    || cmd.contains("org.apache.spark.deploy.yarn.")
                    || cmd.contains("YarnCoarseGrainedExecutorBackend")) {
                c.add(p);
            }
        });
        return c;
    }

    @Override
    public void close() {
        if (yarn != null) {
            try {
                yarn.stop();
            } catch (RuntimeException e) {
                System.err.println("MiniYARNCluster stop: " + e);
            }
        }
        if (dfs != null) {
            try {
                dfs.shutdown(true);
            } catch (RuntimeException e) {
                System.err.println("MiniDFSCluster shutdown: " + e);
            }
        }
        // Containers whose NodeManager did not stop them (they run as our child processes): by PID.
        for (ProcessHandle p : containers()) {
            p.destroyForcibly();
        }
        for (ProcessHandle p : containers()) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("container process " + p.pid() + " still running: " + e);
            }
        }
    }

    /**
     * {@code submit/test-cluster --yarn} ({@code --hdfs}: HDFS only) and the tests: starts the clusters in
     * {@code DIR}, writes {@code DIR/ready} (the HDFS URI) once they are up, and runs until killed
     * (SIGTERM stops them). A file {@code DIR/stop-datanode-I} stops DataNode I (answered by
     * {@code DIR/datanode-I-stopped}), for the tests' DataNode-lost case.
     *
     * <p>The tests run the clusters in this child JVM rather than in Surefire's: with them in the test
     * JVM, the fork did not get Surefire's exit acknowledgement and was halted after 30 s (exit 131).
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !List.of("--yarn", "--hdfs").contains(args[0])) {
            System.err.println("usage: MiniHadoop --yarn|--hdfs DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[1]).toAbsolutePath();
        MiniHadoop h;
        try {
            h = start(dir, args[0].equals("--yarn"));
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1); // Hadoop's non-daemon threads would keep a failed start alive
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(h::close, "mini-hadoop-stop"));
        Files.writeString(dir.resolve("ready"), h.fsUri() + "\n");
        System.err.println("mini Hadoop up: " + h.fsUri() + ", HADOOP_CONF_DIR=" + h.confDir());
        while (true) {
            for (int i = 0; i < 2; i++) {
                if (Files.deleteIfExists(dir.resolve("stop-datanode-" + i))) {
                    h.stopDataNode(i);
                    Files.writeString(dir.resolve("datanode-" + i + "-stopped"), "");
                    System.err.println("DataNode " + i + " stopped");
                }
            }
            Thread.sleep(50);
        }
    }
}
