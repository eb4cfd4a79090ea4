package io.voronka.kernel.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.voronka.kernel.config.VoronkaConfig;

/**
 * One node alone, or a member of a Hazelcast cluster joined over a TCP-IP member list (multicast
 * off: it does not cross most networks and surprises operators). Hazelcast carries the event bus,
 * shared data and locks; the shared database carries everything durable.
 */
public final class VertxFactory {

    private VertxFactory() {
    }

    public static Future<Vertx> create(VoronkaConfig config) {
        if (!config.cluster()) {
            return Future.succeededFuture(Vertx.vertx());
        }
        System.setProperty("hazelcast.logging.type", "slf4j");
        Config hazelcast = ConfigUtil.loadConfig();
        hazelcast.setClusterName(config.clusterName());
        hazelcast.setProperty("hazelcast.wait.seconds.before.join", "0");
        hazelcast.setProperty("hazelcast.phone.home.enabled", "false");
        NetworkConfig network = hazelcast.getNetworkConfig();
        network.setPort(config.clusterPort()).setPortAutoIncrement(true).setPortCount(20);
        network.getInterfaces().setEnabled(true).addInterface(config.clusterHost());
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(config.clusterMembers());
        return Vertx.builder().withClusterManager(new HazelcastClusterManager(hazelcast)).buildClustered();
    }
}
