package dev.breakaway.core.geo;

import java.util.Arrays;

/**
 * Picks one match among candidate segments: among those within the tie tolerance of the closest one
 * (the two carriageways of an out-and-back road, the crossing of a figure-eight), the one nearest
 * to where the rider is expected to be. Mutable, single use.
 */
final class MatchSelector {

    /** Candidates further apart than this along the course are on separate stretches. */
    static final double SAME_PASS_METERS = 25;

    private final double maxOffsetMeters;
    private final double tieToleranceMeters;
    private final double expectedMeters;

    private double[] distances = new double[16];
    private double[] offsets = new double[16];
    private int[] segments = new int[16];
    private int[] laps = new int[16];
    private int size;
    private boolean inCourseOrder = true;
    private double bestOffset = Double.POSITIVE_INFINITY;

    MatchSelector(double maxOffsetMeters, double tieToleranceMeters, double expectedMeters) {
        this.maxOffsetMeters = maxOffsetMeters;
        this.tieToleranceMeters = tieToleranceMeters;
        this.expectedMeters = expectedMeters;
    }

    void offer(double distanceMeters, double offsetMeters, int segment, int lap) {
        if (offsetMeters > maxOffsetMeters) {
            return;
        }
        if (size == distances.length) {
            distances = Arrays.copyOf(distances, size * 2);
            offsets = Arrays.copyOf(offsets, size * 2);
            segments = Arrays.copyOf(segments, size * 2);
            laps = Arrays.copyOf(laps, size * 2);
        }
        if (size > 0 && distanceMeters < distances[size - 1]) {
            inCourseOrder = false;
        }
        distances[size] = distanceMeters;
        offsets[size] = offsetMeters;
        segments[size] = segment;
        laps[size] = lap;
        size++;
        bestOffset = Math.min(bestOffset, offsetMeters);
    }

    CourseMatch result() {
        if (size == 0) {
            return null;
        }
        if (size == 1) {
            return new CourseMatch(distances[0], offsets[0], segments[0], laps[0]);
        }
        // Each pass of the road near the position (the two legs of a hairpin, the out and back
        // of a road ridden twice) is a local minimum of the offset along the course. Among the
        // passes about as close as the closest, the one nearest the expected distance wins.
        if (!inCourseOrder) {
            sortByDistance();
        }
        int chosen = -1;
        double chosenError = Double.POSITIVE_INFINITY;
        for (int k = 0; k < size; k++) {
            int i = k;
            if (offsets[i] > bestOffset + tieToleranceMeters) {
                continue;
            }
            boolean leftHigher = k == 0 || !contiguous(k - 1, i) || offsets[k - 1] >= offsets[i];
            boolean rightHigher =
                    k == size - 1 || !contiguous(i, k + 1) || offsets[k + 1] > offsets[i];
            if (!leftHigher || !rightHigher) {
                continue;
            }
            double error = Math.abs(distances[i] - expectedMeters);
            if (error < chosenError) {
                chosen = i;
                chosenError = error;
            }
        }
        return new CourseMatch(distances[chosen], offsets[chosen], segments[chosen], laps[chosen]);
    }

    /** Insertion sort of the candidates by distance: few, and only from the spatial index. */
    private void sortByDistance() {
        for (int i = 1; i < size; i++) {
            double d = distances[i];
            double o = offsets[i];
            int s = segments[i];
            int l = laps[i];
            int j = i - 1;
            while (j >= 0 && distances[j] > d) {
                distances[j + 1] = distances[j];
                offsets[j + 1] = offsets[j];
                segments[j + 1] = segments[j];
                laps[j + 1] = laps[j];
                j--;
            }
            distances[j + 1] = d;
            offsets[j + 1] = o;
            segments[j + 1] = s;
            laps[j + 1] = l;
        }
        inCourseOrder = true;
    }

    /** Whether two candidates, in course order, lie on one stretch of road with no gap. */
    private boolean contiguous(int before, int after) {
        return distances[after] - distances[before] <= SAME_PASS_METERS;
    }
}
