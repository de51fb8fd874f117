package dev.breakaway.replay;

import dev.breakaway.replay.analyze.AnalyzeCommand;
import dev.breakaway.replay.quality.QualityCommand;
import dev.breakaway.replay.replay.ReplayCommand;
import dev.breakaway.replay.sim.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The engineers' command-line tool. */
@Command(
        name = "replay-tool",
        mixinStandardHelpOptions = true,
        description = "Simulate races and replay them into the Breakaway live path.",
        subcommands = {
            SimulateCommand.class,
            ReplayCommand.class,
            AnalyzeCommand.class,
            QualityCommand.class,
            dev.breakaway.replay.history.ExportCommand.class
        })
public final class ReplayTool {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The tool's command line: bad input (a missing file, a malformed course, an impossible
     * setting) ends with its message and exit code 1, not a stack trace.
     */
    public static CommandLine commandLine() {
        return new CommandLine(new ReplayTool())
                .setExecutionExceptionHandler(
                        (e, commandLine, parseResult) -> {
                            if (e instanceof IllegalArgumentException
                                    || e instanceof IllegalStateException
                                    || e instanceof java.io.IOException
                                    || e instanceof java.io.UncheckedIOException) {
                                commandLine
                                        .getErr()
                                        .println(
                                                commandLine.getCommandName()
                                                        + ": "
                                                        + (e
                                                                        instanceof
                                                                        java.nio.file
                                                                                .NoSuchFileException
                                                                ? "no such file: " + e.getMessage()
                                                                : e.getMessage()));
                                return 1;
                            }
                            throw e;
                        });
    }
}
