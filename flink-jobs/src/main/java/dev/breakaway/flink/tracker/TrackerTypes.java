package dev.breakaway.flink.tracker;

import dev.breakaway.core.standings.RaceGroup;
import dev.breakaway.core.standings.Standings;
import dev.breakaway.core.standings.StandingsEntry;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * Flink types of the job's records that Flink's type extraction cannot see through by itself: it
 * takes a {@code List} field for a generic type (Kryo). Each list is declared with its element type
 * here, so that these records travel and sit in state with Flink's own serializers.
 */
public final class TrackerTypes {

    private TrackerTypes() {}

    public static final TypeInformation<RaceGroup> RACE_GROUP =
            Types.POJO(
                    RaceGroup.class,
                    Map.of(
                            "number", Types.INT,
                            "riders", Types.LIST(Types.STRING),
                            "gapToAheadSeconds", Types.DOUBLE,
                            "gapToLeadSeconds", Types.DOUBLE,
                            "speedMps", Types.DOUBLE));

    public static final TypeInformation<Standings> STANDINGS =
            Types.POJO(
                    Standings.class,
                    Map.of(
                            "raceId", Types.STRING,
                            "asOf", Types.INSTANT,
                            "totalMeters", Types.DOUBLE,
                            "riders", Types.LIST(TypeInformation.of(StandingsEntry.class)),
                            "groups", Types.LIST(RACE_GROUP),
                            "neutralised", Types.BOOLEAN));
}
