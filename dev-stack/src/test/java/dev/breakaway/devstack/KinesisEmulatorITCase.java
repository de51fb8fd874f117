package dev.breakaway.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breakaway.contracts.kinesis.KinesisRecords;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KinesisEmulatorITCase {

    /**
     * Local addresses of the sockets listening on a port, from the kernel's socket tables: no
     * traffic leaves loopback to find out what the emulator is bound to.
     */
    private static List<String> listeningAddresses(int port) throws IOException {
        List<String> addresses = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            // read once: the table changes as sockets open and close elsewhere on the machine
            List<String> lines = Files.readAllLines(path);
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                String[] local = fields[1].split(":");
                boolean listening = fields[3].equals("0A");
                if (listening && Integer.parseInt(local[1], 16) == port) {
                    addresses.add(local[0]);
                }
            }
        }
        return addresses;
    }

    private static boolean accepts(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    @Test
    void createsItsStreamsListensOnLoopbackOnlyAndStopsCompletely() throws Exception {
        int port;
        try (KinesisEmulator kinesis =
                KinesisEmulator.start(0, KinesisEmulator.streams("a", 2, "b", 1))) {
            port = kinesis.port();
            try (var client = kinesis.client()) {
                assertThat(client.listStreams().streamNames()).contains("a", "b");
                assertThat(client.listShards(r -> r.streamName("a")).shards()).hasSize(2);

                KinesisRecords.putAll(
                        client,
                        "a",
                        List.of("x", "y", "z"),
                        s -> "key",
                        s -> s.getBytes(StandardCharsets.UTF_8));
                assertThat(KinesisStreams.texts(KinesisStreams.readAll(client, "a")))
                        .as("one partition key keeps its order")
                        .containsExactly("x", "y", "z");
            }
            assertThat(accepts(InetAddress.getLoopbackAddress(), port)).isTrue();
            // 0100007F is 127.0.0.1 as the kernel writes it; 00000000 would be every interface.
            assertThat(listeningAddresses(port)).containsExactly("0100007F");
        }
        assertThat(accepts(InetAddress.getLoopbackAddress(), port)).as("stopped").isFalse();
        assertThatThrownBy(() -> KinesisEmulator.client("http://127.0.0.1:" + port).listStreams())
                .isInstanceOf(RuntimeException.class);
    }
}
