package dev.breakaway.admin.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RaceStatusTest {

    @Test
    void aRaceGoesForwardOnlyOnceLive() {
        RaceStatus.DRAFT.checkMoveTo(RaceStatus.SCHEDULED, "r");
        RaceStatus.SCHEDULED.checkMoveTo(RaceStatus.DRAFT, "r");
        RaceStatus.SCHEDULED.checkMoveTo(RaceStatus.LIVE, "r");
        RaceStatus.LIVE.checkMoveTo(RaceStatus.FINISHED, "r");
        RaceStatus.FINISHED.checkMoveTo(RaceStatus.ARCHIVED, "r");

        assertThatThrownBy(() -> RaceStatus.DRAFT.checkMoveTo(RaceStatus.LIVE, "r"))
                .isInstanceOfSatisfying(
                        AdminException.class, e -> assertThat(e.status()).isEqualTo(409))
                .hasMessageContaining("[SCHEDULED]");
        assertThatThrownBy(() -> RaceStatus.LIVE.checkMoveTo(RaceStatus.SCHEDULED, "r"))
                .isInstanceOf(AdminException.class);
        assertThatThrownBy(() -> RaceStatus.ARCHIVED.checkMoveTo(RaceStatus.LIVE, "r"))
                .hasMessageContaining("nothing");
        assertThat(RaceStatus.SCHEDULED.courseEditable()).isTrue();
        assertThat(RaceStatus.LIVE.courseEditable()).isFalse();
    }

    @Test
    void definitionVersionsOnlyGrow() {
        Instant now = Instant.parse("2026-07-05T12:00:00Z");

        assertThat(RaceAdministration.nextVersion(0, now)).isEqualTo(now.toEpochMilli());
        // a clock behind the last version (another instance, a clock step): one more
        long ahead = now.toEpochMilli() + 5_000;
        assertThat(RaceAdministration.nextVersion(ahead, now)).isEqualTo(ahead + 1);
    }
}
