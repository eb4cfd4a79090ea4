package io.voronka.kernel.config;

/**
 * Where Prometheus reads {@code /metrics}: with a bearer token on the main port, and/or on a
 * management port of its own (loopback by default). With neither, metrics are not served.
 */
public record ManagementSettings(String metricsToken, String host, Integer port) {

    public boolean metricsOnMainPort() {
        return metricsToken != null;
    }
}
