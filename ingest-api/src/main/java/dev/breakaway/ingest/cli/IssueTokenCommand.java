package dev.breakaway.ingest.cli;

import dev.breakaway.contracts.identity.DeviceTokens;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code ingest-api issue-token --race R --rider X}: makes a device token, prints it once (for the
 * device) and the {@code devices:} entry to put in the configuration, which holds only its hash.
 */
public class IssueTokenCommand extends Command {

    public IssueTokenCommand() {
        super("issue-token", "Makes a device token for one rider in one race");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("--race").dest("race").required(true).help("race id");
        subparser.addArgument("--rider").dest("rider").required(true).help("rider id");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) {
        String token = DeviceTokens.newToken();
        System.out.println("token (give it to the device; it is not stored): " + token);
        System.out.println("configuration entry:");
        System.out.println("  - tokenSha256: " + DeviceTokens.hash(token));
        System.out.println("    raceId: " + namespace.getString("race"));
        System.out.println("    riderId: " + namespace.getString("rider"));
    }
}
