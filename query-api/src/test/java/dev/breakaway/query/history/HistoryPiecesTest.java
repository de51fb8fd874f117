package dev.breakaway.query.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class HistoryPiecesTest {

    @Test
    void pagesAskForOneRowMoreToKnowWhetherAnotherFollows() {
        Paging first = Paging.of(null, null);
        assertThat(first.offset()).isZero();
        assertThat(first.limit()).isEqualTo(Paging.DEFAULT_LIMIT);
        Paging p = Paging.of("20", "10");
        assertThat(p.fetch()).isEqualTo(11);
        assertThat(p.next(11)).isEqualTo(30L);
        assertThat(p.next(10)).as("exactly a page: the last").isNull();
        assertThat(p.next(3)).isNull();
    }

    @Test
    void badPagesNameTheParameter() {
        assertThatThrownBy(() -> Paging.of("x", null)).hasMessageContaining("offset");
        assertThatThrownBy(() -> Paging.of(null, "1; DROP TABLE results"))
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> Paging.of(null, "0")).hasMessageContaining("limit must be 1 to");
        assertThatThrownBy(() -> Paging.of(null, "99999999999")).hasMessageContaining("limit");
        assertThatThrownBy(() -> Paging.of("-5", null)).hasMessageContaining("offset");
    }

    @Test
    void columnsBecomeCamelCaseWithUnitsSpelledOut() {
        assertThat(ColumnNames.camel("race_distance_m")).isEqualTo("raceDistanceMeters");
        assertThat(ColumnNames.camel("gap_s")).isEqualTo("gapSeconds");
        assertThat(ColumnNames.camel("vam_m_per_h")).isEqualTo("vamMetersPerHour");
        assertThat(ColumnNames.camel("top_mps")).isEqualTo("topMps");
        assertThat(ColumnNames.camel("as_of")).isEqualTo("asOf");
        assertThat(ColumnNames.camel("position")).isEqualTo("position");
        assertThat(ColumnNames.camel("m")).as("a column named m stays m").isEqualTo("m");
    }

    @Test
    void trinoUnreachableStartingOrOverloadedIsUnavailableABrokenQueryIsNot() {
        assertThat(
                        TrinoFailures.unavailable(
                                new SQLException(
                                        "Error executing query",
                                        new UncheckedIOException(
                                                new ConnectException("Connection refused")))))
                .isTrue();
        assertThat(
                        TrinoFailures.unavailable(
                                new SQLException(
                                        "Query failed (#1): No nodes available to run query")))
                .isTrue();
        assertThat(
                        TrinoFailures.unavailable(
                                new SQLException(
                                        "Query failed (#2): Query exceeded maximum time limit of"
                                                + " 30.00s")))
                .isTrue();
        assertThat(
                        TrinoFailures.unavailable(
                                new SQLException(
                                        "Query failed (#3): line 1:8: Column 'nope' cannot be"
                                                + " resolved")))
                .isFalse();
    }

    @Test
    void everyQueryEndsWithItsOrderSoAPageIsTheQueryPlusOffsetAndLimit() {
        for (HistoryQuery q : HistoryQuery.values()) {
            String lastClause = q.sql().substring(q.sql().lastIndexOf('\n') + 1);
            assertThat(q.sql()).as(q.name()).containsPattern("(?s)ORDER BY[^()]*$");
            assertThat(q.pageSql()).endsWith("OFFSET ? LIMIT ?");
            assertThat(lastClause).doesNotContain(";");
        }
    }
}
