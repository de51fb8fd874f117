package dev.breakaway.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Checks of the engineers' command lines (the replay tool's, the local platform's). */
public final class CommandLineChecks {

    private CommandLineChecks() {}

    /** {@code --help} of every subcommand describes the command and each of its options. */
    public static void everyCommandAndOptionIsDescribed(CommandLine tool) {
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
}
