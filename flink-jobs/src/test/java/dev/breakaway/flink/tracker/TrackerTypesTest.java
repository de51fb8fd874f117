package dev.breakaway.flink.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.core.incidents.AbruptStop;
import dev.breakaway.core.incidents.IncidentState;
import dev.breakaway.core.incidents.MotionSample;
import dev.breakaway.core.incidents.RiderIncident;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.standings.Overtake;
import dev.breakaway.core.standings.OvertakeDetector;
import dev.breakaway.core.standings.RiderSnapshot;
import dev.breakaway.core.tracking.CheckpointPassage;
import dev.breakaway.core.tracking.DeviceClock;
import dev.breakaway.core.tracking.RiderProgressState;
import dev.breakaway.flink.kinesis.KinesisSettings;
import dev.breakaway.flink.serving.ServingStoreSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.CompositeType;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.api.java.typeutils.MapTypeInfo;
import org.apache.flink.api.java.typeutils.ObjectArrayTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * Our own records never fall back to Kryo (a generic type): Kryo's format changes with the class
 * and breaks state compatibility on upgrades. Checked on the records and state of the job rather
 * than by disabling generic types for the whole job, which third-party operators (Iceberg's sink
 * passes its commit messages as a generic type) would fail.
 */
class TrackerTypesTest {

    /** Where a generic type hides in {@code type}, as paths; empty if nowhere. */
    private static List<String> generics(TypeInformation<?> type, String path) {
        List<String> found = new ArrayList<>();
        if (type instanceof GenericTypeInfo<?>) {
            found.add(path + ": " + type);
        } else if (type instanceof CompositeType<?> composite) {
            for (int i = 0; i < composite.getArity(); i++) {
                found.addAll(
                        generics(
                                composite.getTypeAt(i), path + "." + composite.getFieldNames()[i]));
            }
        } else if (type instanceof ListTypeInfo<?> list) {
            found.addAll(generics(list.getElementTypeInfo(), path + "[]"));
        } else if (type instanceof MapTypeInfo<?, ?> map) {
            found.addAll(generics(map.getKeyTypeInfo(), path + "{key}"));
            found.addAll(generics(map.getValueTypeInfo(), path + "{value}"));
        } else if (type instanceof ObjectArrayTypeInfo<?, ?> array) {
            found.addAll(generics(array.getComponentInfo(), path + "[]"));
        }
        return found;
    }

    @Test
    void everyStreamOfTheJobHasFlinksOwnSerializers() {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        TrackerJob.baseConfiguration(Duration.ofSeconds(10)));
        TrackerJob.onKinesis(
                        KinesisSettings.local("http://127.0.0.1:1"),
                        TrackerJob.Options.bounded(TrackerSettings.defaults())
                                .withServingStore(
                                        new ServingStoreSink(
                                                "redis://127.0.0.1:1", Duration.ofSeconds(1))))
                .build(env);
        Set<Transformation<?>> all = new HashSet<>();
        for (Transformation<?> t : env.getTransformations()) {
            all.addAll(t.getTransitivePredecessors());
        }
        assertThat(all).hasSizeGreaterThan(10);

        List<String> generic = new ArrayList<>();
        for (Transformation<?> t : all) {
            generic.addAll(generics(t.getOutputType(), t.getName()));
        }
        assertThat(generic).isEmpty();
    }

    @Test
    void theRecordsKeptInStateHaveFlinksOwnSerializers() {
        List<TypeInformation<?>> state =
                List.of(
                        TypeInformation.of(GpsFix.class),
                        TypeInformation.of(RiderProgressState.class),
                        TypeInformation.of(DeviceClock.class),
                        TypeInformation.of(RiderSnapshot.class),
                        TypeInformation.of(RaceControlMessage.class),
                        TypeInformation.of(OvertakeDetector.Pending.class),
                        TypeInformation.of(OvertakeDetector.Place.class),
                        TypeInformation.of(IncidentState.class),
                        TypeInformation.of(MotionSample.class),
                        TypeInformation.of(AbruptStop.class),
                        TypeInformation.of(CheckpointPassage.class),
                        TypeInformation.of(RiderIncident.class),
                        TypeInformation.of(Overtake.class),
                        TrackerTypes.STANDINGS);
        List<String> generic = new ArrayList<>();
        for (TypeInformation<?> type : state) {
            generic.addAll(generics(type, type.getTypeClass().getSimpleName()));
        }
        assertThat(generic).isEmpty();
    }
}
