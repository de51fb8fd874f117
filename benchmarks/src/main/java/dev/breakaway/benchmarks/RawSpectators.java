package dev.breakaway.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * Many WebSocket spectators on one selector thread, for the fan-out benchmark: just enough of RFC
 * 6455 to open a socket and read the server's unmasked text frames, so that the load generator
 * costs little CPU next to the server it measures. Each frame's {@code "version"} number is handed
 * to a callback with nothing else parsed. Not a client for anything else.
 */
final class RawSpectators implements AutoCloseable {

    private final Selector selector;
    private final Thread loop;
    private final List<SocketChannel> channels = new ArrayList<>();
    private final AtomicInteger open = new AtomicInteger();
    private final LongConsumer onVersion;
    private volatile boolean running = true;

    private static final class Connection {
        ByteBuffer in = ByteBuffer.allocate(16 * 1024); // grows for a larger frame
        final ByteBuffer handshake;
        boolean upgraded;

        Connection(ByteBuffer handshake) {
            this.handshake = handshake;
        }
    }

    RawSpectators(LongConsumer onVersion) throws IOException {
        this.selector = Selector.open();
        this.onVersion = onVersion;
        this.loop = new Thread(this::run, "spectators");
        this.loop.setDaemon(true);
        this.loop.start();
    }

    int open() {
        return open.get();
    }

    /** Opens {@code count} sockets to {@code path} on 127.0.0.1:{@code port}. */
    void connect(int port, String path, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            SocketChannel channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.connect(new InetSocketAddress("127.0.0.1", port));
            String request =
                    "GET "
                            + path
                            + " HTTP/1.1\r\nHost: 127.0.0.1:"
                            + port
                            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                            + "Sec-WebSocket-Version: 13\r\n\r\n";
            Connection connection =
                    new Connection(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            synchronized (channels) {
                channels.add(channel);
            }
            selector.wakeup();
            synchronized (this) {
                channel.register(selector, SelectionKey.OP_CONNECT, connection);
            }
        }
        selector.wakeup();
    }

    private void run() {
        try {
            while (running) {
                synchronized (this) {
                    // lets connect() register channels between two selects
                }
                selector.select(100);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    try {
                        handle(key);
                    } catch (IOException e) {
                        key.cancel();
                        key.channel().close();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(SelectionKey key) throws IOException {
        SocketChannel channel = (SocketChannel) key.channel();
        Connection c = (Connection) key.attachment();
        if (key.isConnectable()) {
            channel.finishConnect();
            key.interestOps(SelectionKey.OP_WRITE);
        } else if (key.isWritable()) {
            channel.write(c.handshake);
            if (!c.handshake.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        } else if (key.isReadable()) {
            if (channel.read(c.in) < 0) {
                key.cancel();
                channel.close();
                return;
            }
            c.in.flip();
            if (!c.upgraded) {
                int end = headerEnd(c.in);
                if (end < 0) {
                    c.in.compact();
                    return;
                }
                c.upgraded = true;
                open.incrementAndGet();
                c.in.position(end);
            }
            frames(c.in);
            c.in.compact();
            if (!c.in.hasRemaining()) {
                ByteBuffer larger = ByteBuffer.allocate(c.in.capacity() * 2);
                c.in.flip();
                larger.put(c.in);
                c.in = larger;
            }
        }
    }

    private static int headerEnd(ByteBuffer in) {
        for (int i = in.position(); i + 3 < in.limit(); i++) {
            if (in.get(i) == '\r'
                    && in.get(i + 1) == '\n'
                    && in.get(i + 2) == '\r'
                    && in.get(i + 3) == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    /** Consumes every complete frame; leaves a partial one for the next read. */
    private void frames(ByteBuffer in) {
        while (in.remaining() >= 2) {
            int start = in.position();
            int b1 = in.get(start + 1) & 0x7f;
            int header = 2;
            long length = b1;
            if (b1 == 126) {
                if (in.remaining() < 4) {
                    return;
                }
                length = in.getShort(start + 2) & 0xffff;
                header = 4;
            } else if (b1 == 127) {
                if (in.remaining() < 10) {
                    return;
                }
                length = in.getLong(start + 2);
                header = 10;
            }
            if (in.remaining() < header + length) {
                return;
            }
            int opcode = in.get(start) & 0x0f;
            if (opcode == 1) {
                onVersion.accept(version(in, start + header, (int) length));
            }
            in.position(start + header + (int) length);
        }
    }

    private static final byte[] VERSION = "\"version\":".getBytes(StandardCharsets.US_ASCII);

    private static long version(ByteBuffer in, int from, int length) {
        int limit = Math.min(from + length, from + 200);
        outer:
        for (int i = from; i + VERSION.length < limit; i++) {
            for (int k = 0; k < VERSION.length; k++) {
                if (in.get(i + k) != VERSION[k]) {
                    continue outer;
                }
            }
            long v = 0;
            for (int j = i + VERSION.length; j < limit; j++) {
                byte b = in.get(j);
                if (b < '0' || b > '9') {
                    return v;
                }
                v = v * 10 + (b - '0');
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (channels) {
            for (SocketChannel channel : channels) {
                channel.close();
            }
        }
        selector.close();
    }
}
