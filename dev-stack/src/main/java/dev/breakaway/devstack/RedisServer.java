package dev.breakaway.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real Redis server on 127.0.0.1 (Debian's {@code redis-server}, installed by {@code
 * scripts/install-local-stack}), persisting nothing, run as a child process: {@link #close()} stops
 * it, and a JVM shutdown hook does too if the owner forgets.
 */
public final class RedisServer implements AutoCloseable {

    private final ChildProcess process;
    private final int port;

    private RedisServer(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a server on {@code port} (0: any free port) and waits until it answers PING. */
    public static RedisServer start(int port) {
        int chosen = port == 0 ? LocalStack.freePort() : port;
        try {
            ChildProcess process =
                    new ChildProcess(
                            "redis",
                            new ProcessBuilder(
                                    executable(),
                                    "--port",
                                    String.valueOf(chosen),
                                    "--bind",
                                    "127.0.0.1",
                                    "--save",
                                    "",
                                    "--appendonly",
                                    "no",
                                    "--daemonize",
                                    "no"));
            RedisServer server = new RedisServer(process, chosen);
            try {
                process.awaitReady(server::answersPing, Duration.ofSeconds(20));
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server", e);
        }
    }

    private static String executable() {
        for (String candidate :
                new String[] {"/usr/bin/redis-server", "/usr/local/bin/redis-server"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "redis-server is not installed: run scripts/install-local-stack");
    }

    private boolean answersPing() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(5);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG");
        } catch (IOException notYet) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    /** The client URI, e.g. {@code redis://127.0.0.1:6390}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.close();
    }
}
