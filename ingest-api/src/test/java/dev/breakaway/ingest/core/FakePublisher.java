package dev.breakaway.ingest.core;

import dev.breakaway.contracts.json.Json;
import dev.breakaway.core.model.GpsFix;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntPredicate;

/**
 * A hand-written publisher: confirms the records whose running number {@code written} accepts,
 * fails the others at once, or leaves every one pending ({@link #hold()}).
 */
final class FakePublisher implements FixPublisher {

    final List<Outgoing> confirmed = new ArrayList<>();
    final List<CompletableFuture<Void>> futures = new ArrayList<>();
    private IntPredicate written = n -> true;
    private boolean hold;
    private int count;

    FakePublisher failing(IntPredicate written) {
        this.written = written;
        return this;
    }

    FakePublisher hold() {
        this.hold = true;
        return this;
    }

    @Override
    public synchronized List<CompletableFuture<Void>> publish(List<Outgoing> records) {
        List<CompletableFuture<Void>> out = new ArrayList<>();
        for (Outgoing record : records) {
            CompletableFuture<Void> future = new CompletableFuture<>();
            int n = count++;
            if (!hold) {
                if (written.test(n)) {
                    confirmed.add(record);
                    future.complete(null);
                } else {
                    future.completeExceptionally(new IllegalStateException("throttled"));
                }
            }
            out.add(future);
            futures.add(future);
        }
        return out;
    }

    @Override
    public int retryAfterSeconds() {
        return 7;
    }

    List<GpsFix> confirmedFixes() {
        return confirmed.stream().map(r -> Json.fromBytes(r.data(), GpsFix.class)).toList();
    }
}
