package dev.breakaway.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code --help} explains every option of every command. */
class ReplayToolHelpTest {

    @Test
    void everyCommandAndEveryOptionIsDescribed() {
        CommandLine tool = ReplayTool.commandLine();
        assertThat(tool.getSubcommands())
                .containsKeys("simulate", "replay", "analyze", "demo", "latency");
        for (CommandLine command : tool.getSubcommands().values()) {
            CommandSpec spec = command.getCommandSpec();
            assertThat(String.join(" ", spec.usageMessage().description()))
                    .as(spec.name())
                    .isNotBlank();
            for (OptionSpec option : spec.options()) {
                assertThat(String.join(" ", option.description()))
                        .as(spec.name() + " " + option.longestName())
                        .hasSizeGreaterThan(10);
            }
            StringWriter help = new StringWriter();
            command.usage(new PrintWriter(help));
            for (OptionSpec option : spec.options()) {
                assertThat(help.toString()).contains(option.longestName());
            }
        }
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
