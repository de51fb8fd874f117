package dev.breakaway.core.incidents;

/**
 * One rider's incident detection state: plain fields (a Flink POJO as it is), changed only by
 * {@link IncidentTracker}. Times are epoch ms, -1 when unset.
 */
public final class IncidentState {
    public String raceId;
    public String riderId;
    public long lastFixMs = -1;
    public double lastLat;
    public double lastLon;
    public Double lastDistance;
    public boolean finished;
    public boolean signalLost;

    public long stillSinceMs = -1;
    public double stillLat;
    public double stillLon;
    public Double stillDistance;
    public boolean crashRaised;
    public boolean stoppedRaised;

    /** The last fix in a neutralisation: no standstill is counted from before it. */
    public long neutralisedUntilMs = -1;

    public long abruptStopMs = -1;
    public double abruptLat;
    public double abruptLon;

    public long offCourseSinceMs = -1;

    /** The previous fix's distance from the course (NaN: not known) and its time. */
    public double lastOffsetMeters = Double.NaN;

    public long lastOffsetMs = -1;
    public double offLat;
    public double offLon;
    public Double offDistance;
    public boolean offCourseRaised;

    public IncidentState() {}
}
