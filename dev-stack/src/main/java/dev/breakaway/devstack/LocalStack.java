package dev.breakaway.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project's local servers are installed, and free loopback ports for them. */
public final class LocalStack {

    private LocalStack() {}

    /**
     * The repository root: from {@code breakaway.root}, else the first directory upward from the
     * working directory that holds {@code dev-stack/}.
     */
    public static Path root() {
        String configured = System.getProperty("breakaway.root");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("dev-stack/kinesis-emulator"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "cannot find the repository root above "
                        + Path.of("").toAbsolutePath()
                        + " (set -Dbreakaway.root)");
    }

    /**
     * A path as given if it exists or is absolute, else relative to the repository root (the tools'
     * defaults name files of the repository, and work from any directory in it).
     */
    public static Path resolve(Path path) {
        if (path.isAbsolute() || Files.exists(path)) {
            return path;
        }
        return root().resolve(path);
    }

    /** A port free on 127.0.0.1 right now. */
    public static int freePort() {
        try (ServerSocket socket =
                new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
