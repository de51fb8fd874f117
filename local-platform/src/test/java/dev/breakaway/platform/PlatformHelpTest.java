package dev.breakaway.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.replay.CommandLineChecks;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --help} explains every option of the demo and of {@code latency}. */
class PlatformHelpTest {

    @Test
    void everyCommandAndEveryOptionIsDescribed() {
        CommandLine platform = Platform.commandLine();
        assertThat(platform.getSubcommands()).containsOnlyKeys("demo", "latency");
        CommandLineChecks.everyCommandAndOptionIsDescribed(platform);
    }
}
