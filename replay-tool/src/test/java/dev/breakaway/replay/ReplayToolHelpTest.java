package dev.breakaway.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --help} explains every option of every command. */
class ReplayToolHelpTest {

    @Test
    void everyCommandAndEveryOptionIsDescribed() {
        CommandLine tool = ReplayTool.commandLine();
        assertThat(tool.getSubcommands()).containsKeys("simulate", "replay", "analyze", "quality");
        CommandLineChecks.everyCommandAndOptionIsDescribed(tool);
    }

    @Test
    void badInputEndsWithItsMessageNotAStackTrace() {
        StringWriter err = new StringWriter();
        CommandLine tool = ReplayTool.commandLine();
        tool.setErr(new PrintWriter(err));
        int exit =
                tool.execute("simulate", "--course", "no/such/course.geojson", "--out", "target/x");
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("no/such/course.geojson").doesNotContain("\tat ");
    }
}
