package dev.breakaway.ingest;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import dev.breakaway.ingest.core.IngestService;
import dev.breakaway.ingest.core.RejectReason;
import java.util.EnumMap;
import java.util.Map;

/**
 * Ingest's counters on the admin port's {@code /metrics}: {@code ingest.fixes.accepted}, {@code
 * ingest.fixes.late}, {@code ingest.fixes.not-written}, {@code ingest.fixes.rejected.<REASON>} and
 * {@code ingest.requests.refused.<REASON>}.
 */
final class IngestMetrics implements IngestService.Listener {

    private final Meter accepted;
    private final Meter late;
    private final Meter notWritten;
    private final Map<RejectReason, Meter> rejected = new EnumMap<>(RejectReason.class);
    private final Map<RejectReason, Meter> refused = new EnumMap<>(RejectReason.class);

    IngestMetrics(MetricRegistry metrics) {
        accepted = metrics.meter("ingest.fixes.accepted");
        late = metrics.meter("ingest.fixes.late");
        notWritten = metrics.meter("ingest.fixes.not-written");
        for (RejectReason reason : RejectReason.values()) {
            if (reason.perFix()) {
                rejected.put(reason, metrics.meter("ingest.fixes.rejected." + reason.name()));
            } else {
                refused.put(reason, metrics.meter("ingest.requests.refused." + reason.name()));
            }
        }
    }

    @Override
    public void refused(RejectReason reason) {
        refused.get(reason).mark();
    }

    @Override
    public void fixRejected(RejectReason reason) {
        rejected.get(reason).mark();
    }

    @Override
    public void fixesAccepted(int count, int lateCount) {
        accepted.mark(count);
        late.mark(lateCount);
    }

    @Override
    public void fixesNotWritten(int count) {
        notWritten.mark(count);
    }
}
