package dev.breakaway.platform;

import dev.breakaway.replay.ReplayTool;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The local platform's command line: the demo and the whole-path latency measurement. */
@Command(
        name = "local-platform",
        mixinStandardHelpOptions = true,
        description = "The Breakaway live path on this machine: a demo race, or its latency.",
        subcommands = {DemoCommand.class, LatencyCommand.class})
public final class Platform {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Bad input ends with its message and exit code 1, as the replay tool's commands do. */
    public static CommandLine commandLine() {
        return new CommandLine(new Platform())
                .setExecutionExceptionHandler(
                        ReplayTool.commandLine().getExecutionExceptionHandler());
    }
}
