package dev.breakaway.ingest.websocket;

import dev.breakaway.ingest.core.IngestService;
import dev.breakaway.ingest.core.RejectReason;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The device WebSockets open on this instance. {@link #sweep} closes those whose grant was revoked
 * (on any instance, through the shared store) or whose race stopped taking fixes: a device that
 * only listens would otherwise keep a revoked connection open.
 */
public final class OpenStreams {

    private final Set<DeviceStream> open = ConcurrentHashMap.newKeySet();
    private final IngestService ingest;

    public OpenStreams(IngestService ingest) {
        this.ingest = ingest;
    }

    void opened(DeviceStream stream) {
        open.add(stream);
    }

    void closed(DeviceStream stream) {
        open.remove(stream);
    }

    public int size() {
        return open.size();
    }

    /** Closes the streams that may no longer write; returns how many. */
    public int sweep() {
        int closed = 0;
        for (DeviceStream stream : open) {
            RejectReason why = ingest.whyNotAllowed(stream.authorized());
            if (why != null) {
                stream.closeFor(why.name());
                open.remove(stream);
                closed++;
            }
        }
        return closed;
    }
}
