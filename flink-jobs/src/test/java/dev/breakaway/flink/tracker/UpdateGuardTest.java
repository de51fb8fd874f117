package dev.breakaway.flink.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.streaming.runtime.tasks.ExceptionInChainedOperatorException;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class UpdateGuardTest {

    private final UpdateGuard guard = new UpdateGuard("test", new SimpleCounter());

    @Test
    void anExceptionOfTheRaceLogicSkipsTheUpdateAndIsCounted() throws Exception {
        boolean completed =
                guard.run(
                        "race-a",
                        "r1",
                        () -> {
                            throw new NullPointerException("progressTime");
                        });

        assertThat(completed).isFalse();
        assertThat(guard.skipped()).isEqualTo(1);
        assertThat(guard.run("race-b", "r1", () -> {})).isTrue();
        assertThat(guard.skipped()).isEqualTo(1);
    }

    private void assertFailsTheTask(Exception thrown) {
        assertThatThrownBy(
                        () ->
                                guard.run(
                                        "race-a",
                                        null,
                                        () -> {
                                            throw thrown;
                                        }))
                .isSameAs(thrown);
    }

    @Test
    void failuresOfFlinkItselfAndCheckedExceptionsStillFailTheTask() {
        assertFailsTheTask(
                new UpdateGuard.StateAccessException("cannot read", new IOException("disk")));
        assertFailsTheTask(
                new ExceptionInChainedOperatorException(new IllegalStateException("downstream")));
        assertFailsTheTask(new IOException("state backend"));
        assertThat(guard.skipped()).isZero();
    }

    @Test
    void whatTheDownstreamThrowsWhileAGuardedUpdateEmitsIsTheJobsFailureNotTheRaces() {
        Collector<String> failing =
                new Collector<>() {
                    @Override
                    public void collect(String record) {
                        throw new IllegalArgumentException("no serializer for " + record);
                    }

                    @Override
                    public void close() {}
                };

        assertThatThrownBy(
                        () ->
                                guard.run(
                                        "race-a",
                                        "r1",
                                        () -> guard.downstream(failing).collect("standings")))
                .isInstanceOf(UpdateGuard.DownstreamException.class)
                .hasRootCauseInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () ->
                                guard.run(
                                        "race-a",
                                        "r1",
                                        () -> guard.emit(() -> failing.collect("a side output"))))
                .isInstanceOf(UpdateGuard.DownstreamException.class);
        assertThat(guard.skipped()).isZero();
    }
}
