package dev.breakaway.replay;

import dev.breakaway.replay.analyze.AnalyzeCommand;
import dev.breakaway.replay.bench.LatencyCommand;
import dev.breakaway.replay.demo.DemoCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The engineers' command-line tool. */
@Command(
        name = "replay-tool",
        mixinStandardHelpOptions = true,
        description = "Simulate races and replay them into the Breakaway live path.",
        subcommands = {DemoCommand.class, AnalyzeCommand.class, LatencyCommand.class})
public final class ReplayTool {

    public static void main(String[] args) {
        System.exit(new CommandLine(new ReplayTool()).execute(args));
    }
}
