package io.voronka.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A node in a child JVM on the test class path, so that a test can kill it with SIGKILL the way an
 * operator's {@code kill -9} or the kernel's OOM killer would, mid-transaction and without a shutdown hook.
 * The child's main prints {@code READY <detail>} once it is up; its output is kept for failure messages.
 */
public final class NodeProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int KEPT_LINES = 60;

    private final Process process;
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final Deque<String> lastLines = new ArrayDeque<>();
    private final List<CompletableFuture<String>> awaited = new ArrayList<>();
    private final List<String> awaitedPrefixes = new ArrayList<>();

    private NodeProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readOutput, "node-process-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code main} of the given class with {@code key=value} arguments and waits until it is ready. */
    public static NodeProcess start(Class<?> main, Map<String, String> keys) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                main.getName()));
        keys.forEach((key, value) -> command.add(key + "=" + value));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The class path in the environment: a long one would not fit some command lines.
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        try {
            NodeProcess node = new NodeProcess(builder.start());
            node.ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return node;
        } catch (Exception e) {
            throw new IllegalStateException("child node did not start: " + e, e);
        }
    }

    /** What the child printed after {@code READY }. */
    public String readyDetail() {
        return ready.join();
    }

    /** Waits for a line starting with the prefix (one already printed counts) and returns the rest of it. */
    public String await(String prefix, Duration timeout) {
        CompletableFuture<String> line = new CompletableFuture<>();
        synchronized (lastLines) {
            lastLines.stream().filter(l -> l.startsWith(prefix)).findFirst()
                    .ifPresent(l -> line.complete(l.substring(prefix.length())));
            awaited.add(line);
            awaitedPrefixes.add(prefix);
        }
        try {
            return line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("child never printed " + prefix + "; last output:\n" + output(), e);
        }
    }

    /** SIGKILL: no shutdown hook, no flush, no closing of files or connections. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String output() {
        synchronized (lastLines) {
            return String.join("\n", lastLines);
        }
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("READY ")) {
                    ready.complete(line.substring("READY ".length()));
                }
                synchronized (lastLines) {
                    for (int i = 0; i < awaited.size(); i++) {
                        if (line.startsWith(awaitedPrefixes.get(i))) {
                            awaited.get(i).complete(line.substring(awaitedPrefixes.get(i).length()));
                        }
                    }
                    lastLines.addLast(line);
                    if (lastLines.size() > KEPT_LINES) {
                        lastLines.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // the child died; what it printed is kept
        }
        ready.completeExceptionally(new IllegalStateException("child exited before it was ready:\n" + output()));
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
