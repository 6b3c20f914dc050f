package io.kizashi.service.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.kizashi.service.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.List;
import java.util.TreeSet;

/**
 * This replica's membership in the cluster: a clustered Vert.x instance with the Hazelcast cluster
 * manager, used only for coordination (membership and a cluster-wide map). The pipeline keeps running on
 * the service's own, non-clustered Vert.x, so its stage messages (passed by reference) never leave the JVM.
 */
public final class ClusterNode {

    /** Cluster-wide map of job id to the node id of the replica that claimed it. */
    static final String OWNERS = "kizashi.job-owners";

    private final Vertx vertx;
    private final HazelcastClusterManager manager;
    private final AsyncMap<String, String> owners;

    private ClusterNode(Vertx vertx, HazelcastClusterManager manager, AsyncMap<String, String> owners) {
        this.vertx = vertx;
        this.manager = manager;
        this.owners = owners;
    }

    /** Joins (or forms) the cluster named in the settings; fails if the local address cannot be bound. */
    public static Future<ClusterNode> join(ServiceConfig.Cluster settings) {
        HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast(settings));
        VertxOptions options = new VertxOptions().setEventBusOptions(new EventBusOptions().setHost(settings.host()).setPort(0));
        return Vertx.builder().with(options).withClusterManager(manager).buildClustered()
                .compose(v -> v.sharedData().<String, String>getClusterWideMap(OWNERS).map(m -> new ClusterNode(v, manager, m)));
    }

    /** The Hazelcast configuration: Vert.x's defaults, TCP-IP join on the given members, fast failure detection. */
    static Config hazelcast(ServiceConfig.Cluster s) {
        Config c = ConfigUtil.loadConfig();
        c.setClusterName(s.name());
        c.setProperty("hazelcast.logging.type", "slf4j");
        c.setProperty("hazelcast.phone.home.enabled", "false");
        // the service leaves the cluster itself, after releasing its jobs
        c.setProperty("hazelcast.shutdownhook.enabled", "false");
        c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        c.setProperty("hazelcast.max.no.heartbeat.seconds", Long.toString(Math.max(2, s.failureTimeout().toSeconds())));
        c.setProperty("hazelcast.local.localAddress", s.host());
        c.setProperty("hazelcast.socket.bind.any", "false");
        // replicas started together find each other before forming clusters of their own; if they still
        // split (or a network split heals), the partial clusters merge within seconds, not the default 5 min
        c.setProperty("hazelcast.wait.seconds.before.join", "3");
        c.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        c.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        NetworkConfig net = c.getNetworkConfig();
        net.setPort(s.port()).setPortAutoIncrement(false);
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(s.members()).setConnectionTimeoutSeconds(2);
        return c;
    }

    public String nodeId() {
        return manager.getNodeId();
    }

    /** The live members' node ids, sorted (the same list on every replica once membership has settled). */
    public List<String> members() {
        return List.copyOf(new TreeSet<>(manager.getNodes()));
    }

    AsyncMap<String, String> owners() {
        return owners;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** Leaves the cluster gracefully (the others see this member go at once). */
    public Future<Void> leave() {
        return vertx.close();
    }

    /** Stops without saying goodbye, as a crash would (for tests). */
    public void crash() {
        manager.getHazelcastInstance().getLifecycleService().terminate();
    }
}
