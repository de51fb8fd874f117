package dev.breakaway.core;

import dev.breakaway.core.geo.Geodesy;
import dev.breakaway.core.model.GeoPoint;
import java.util.Random;

/** Seeded GPS noise: a Gaussian offset in metres, east and north. */
public final class Noise {

    private final Random random;
    private final double sigmaMeters;

    public Noise(long seed, double sigmaMeters) {
        this.random = new Random(seed);
        this.sigmaMeters = sigmaMeters;
    }

    public GeoPoint apply(GeoPoint p) {
        double east = random.nextGaussian() * sigmaMeters;
        double north = random.nextGaussian() * sigmaMeters;
        return new GeoPoint(
                p.lon() + east / Geodesy.metersPerDegreeLon(p.lat()),
                p.lat() + north / Geodesy.metersPerDegreeLat(p.lat()),
                p.elevationMeters());
    }
}
