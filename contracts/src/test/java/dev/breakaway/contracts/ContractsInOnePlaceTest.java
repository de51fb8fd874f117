package dev.breakaway.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The contracts between modules are spelled in this module only: every other module's sources are
 * scanned for a stream name, a partition key, a serving-store key, a token hash, or a wire document
 * written or read by hand. A finding names the file, the line and the rule; the fix is to use
 * {@link Streams}, {@link PartitionKeys}, {@link RecordIds}, the typed records and codecs of {@code
 * contracts.json}, {@code contracts.serving}, {@code contracts.identity} or {@code
 * contracts.control}.
 */
class ContractsInOnePlaceTest {

    private record Rule(String name, Pattern pattern, boolean testsToo) {}

    private static final List<Rule> RULES =
            List.of(
                    new Rule(
                            "a stream name spelled out (use Streams)",
                            Pattern.compile("\"(gps-fixes|race-control|race-updates)\""),
                            true),
                    new Rule(
                            "a race/rider key built by hand (use PartitionKeys)",
                            Pattern.compile(
                                    "(?i)race\\w*(\\(\\))?\\s*\\+\\s*\"/\"\\s*\\+\\s*[\\w.]*rider"),
                            true),
                    new Rule(
                            "a serving-store key spelled out (use ServingStore)",
                            Pattern.compile("\"race:"),
                            true),
                    new Rule(
                            "a token hashed by hand (use DeviceTokens)",
                            Pattern.compile("MessageDigest\\.getInstance"),
                            false),
                    new Rule(
                            "a race-updates document read by path (decode a RaceUpdate)",
                            Pattern.compile(
                                    "\\.(path|get|at)\\(\"/?(passage|standings|incident|overtake)"),
                            false),
                    new Rule(
                            "a wire field read by path (decode the typed record)",
                            Pattern.compile("\\.(path|get)\\(\"(riderId|raceId)\"\\)"),
                            false),
                    new Rule(
                            "wire JSON written by hand (encode the typed record)",
                            Pattern.compile("\\\\\"(type|raceId|riderId)\\\\\"\\s*:"),
                            false),
                    new Rule(
                            "a race definition compressed by hand (use RaceControl)",
                            Pattern.compile("GZIPOutputStream"),
                            false));

    /**
     * Where a rule does not apply, and why: a domain event's identity is defined by the logic that
     * makes the event (race-core cannot depend on this module, which embeds its records).
     */
    private static final Map<String, Set<String>> EXEMPT =
            Map.of(
                    "race-core/src/main/java/dev/breakaway/core/tracking/CheckpointPassage.java",
                    Set.of("a race/rider key built by hand (use PartitionKeys)"));

    private static Path root() {
        String root = System.getProperty("breakaway.root");
        return root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
    }

    private static List<Path> sources(Path root, String kind) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(Files::isDirectory).toList()) {
                Path dir = module.resolve("src").resolve(kind).resolve("java");
                if (module.getFileName().toString().equals("contracts")
                        || !Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
                }
            }
        }
        return files;
    }

    private static List<String> findings(Path root, Path file, boolean test) {
        String relative = root.relativize(file).toString().replace('\\', '/');
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> found = new ArrayList<>();
        for (Rule rule : RULES) {
            if ((test && !rule.testsToo())
                    || EXEMPT.getOrDefault(relative, Set.of()).contains(rule.name())) {
                continue;
            }
            for (int i = 0; i < lines.size(); i++) {
                if (rule.pattern().matcher(lines.get(i)).find()) {
                    found.add(relative + ":" + (i + 1) + ": " + rule.name());
                }
            }
        }
        return found;
    }

    @Test
    void noModuleSpellsAContractOfItsOwn() throws IOException {
        Path root = root();
        List<Path> main = sources(root, "main");
        List<Path> test = sources(root, "test");
        assertThat(main).as("the scan sees the other modules' sources").hasSizeGreaterThan(50);

        List<String> findings = new ArrayList<>();
        main.forEach(f -> findings.addAll(findings(root, f, false)));
        test.forEach(f -> findings.addAll(findings(root, f, true)));

        assertThat(findings).isEmpty();
    }

    @Test
    void theRulesCatchWhatTheyAreFor() throws IOException {
        Path root = Files.createTempDirectory("scan");
        Path file = root.resolve("x/src/main/java/X.java");
        Files.createDirectories(file.getParent());
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "String s = \"gps-fixes\";",
                        "String k = fix.raceId() + \"/\" + fix.riderId();",
                        "String r = \"race:{\" + id;",
                        "MessageDigest.getInstance(\"SHA-256\");",
                        "node.at(\"/passage/riderId\");",
                        "entry.path(\"riderId\");",
                        "String j = \"{\\\"type\\\":\\\"STANDINGS\\\"}\";",
                        "new GZIPOutputStream(out);"));

        assertThat(findings(root, file, false)).hasSize(RULES.size());
    }
}
