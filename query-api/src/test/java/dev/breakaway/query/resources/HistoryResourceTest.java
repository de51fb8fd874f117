package dev.breakaway.query.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breakaway.query.history.HistoryQuery;
import dev.breakaway.query.history.HistoryStore;
import jakarta.ws.rs.NotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryResourceTest {

    /** A store that knows one race and counts what it is asked. */
    private static final class Store implements HistoryStore {
        final List<String> asked = new ArrayList<>();

        @Override
        public List<Map<String, Object>> rows(String sql, List<Object> parameters) {
            asked.add(sql);
            if (sql.equals(HistoryQuery.RACE.sql())) {
                return parameters.get(0).equals("known")
                        ? List.of(Map.of("raceId", "known"))
                        : List.of();
            }
            return List.of(Map.of("riderId", "r1"), Map.of("riderId", "r2"));
        }

        long raceLookups() {
            return asked.stream().filter(HistoryQuery.RACE.sql()::equals).count();
        }
    }

    @Test
    void aKnownRaceIsLookedUpOnceWhileCachesMayKeepItAnUnknownOneEveryTime() {
        Store store = new Store();
        HistoryResource resource = new HistoryResource(store, Duration.ofSeconds(60));

        resource.results("known", null, null);
        resource.speeds("known", null, null);
        resource.splits("known", "0", "1");
        assertThat(store.raceLookups()).isEqualTo(1);

        assertThatThrownBy(() -> resource.results("unknown", null, null))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> resource.results("unknown", null, null))
                .isInstanceOf(NotFoundException.class);
        assertThat(store.raceLookups()).isEqualTo(3);
    }

    @Test
    void aPageAsksForOneRowMoreAndSaysWhereTheNextStarts() {
        Store store = new Store();
        HistoryResource resource = new HistoryResource(store, Duration.ofSeconds(60));

        @SuppressWarnings("unchecked")
        Map<String, Object> page =
                (Map<String, Object>) resource.results("known", "5", "1").getEntity();

        assertThat((List<?>) page.get("items")).hasSize(1);
        assertThat(page.get("nextOffset")).isEqualTo(6L);
        assertThat(store.asked.get(store.asked.size() - 1))
                .isEqualTo(HistoryQuery.RESULTS.pageSql());
    }
}
