package dev.breakaway.benchmarks;

import dev.breakaway.contracts.PartitionKeys;
import dev.breakaway.contracts.Streams;
import dev.breakaway.contracts.identity.DeviceTokens;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.devstack.KinesisEmulator;
import dev.breakaway.devstack.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

/**
 * Fixes per second that ingest-api gets onto the Kinesis emulator, beside the ceiling: a plain AWS
 * SDK PutRecords loop into the same kind of emulator. Each phase starts a fresh emulator and writes
 * the same number of records (the emulator slows down as it fills, so equal volumes keep the two
 * phases comparable). ingest-api runs as its own process (its shaded jar) so that its CPU time is
 * its own, read from /proc.
 *
 * <pre>
 * mvn -B -q package -pl benchmarks -am -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.breakaway.benchmarks.IngestThroughput \
 *     [records] [devices] [concurrency] [warm-up records] [shards]
 * </pre>
 */
public final class IngestThroughput {

    private static final String STREAM = Streams.GPS_FIXES;
    private static final String RACE = "bench";
    private static int shards = 16;
    private static final int LANES = 4;
    private static final int PER_CALL = 100;
    private static final int PER_REQUEST = 10;

    private IngestThroughput() {}

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int devices = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 5_000;
        shards = args.length > 4 ? Integer.parseInt(args[4]) : 16;
        System.out.printf(
                "records %d after %d warm-up records, devices %d, concurrent requests %d,"
                        + " %d fixes/request, %d shards%n",
                records, warmup, devices, concurrency, PER_REQUEST, shards);
        Result plain = sdkLoop(records, devices, warmup, false);
        System.out.println(
                "SDK loop, plain (" + LANES + " threads x " + PER_CALL + " records): " + plain);
        Result grouped = sdkLoop(records, devices, warmup, true);
        System.out.println("SDK loop, riders grouped by lane like ingest: " + grouped);
        Result ingest = throughIngest(records, devices, concurrency, warmup);
        System.out.println("ingest-api (HTTP, " + PER_REQUEST + " fixes/request): " + ingest);
        double ceiling = Math.max(plain.perSecond(), grouped.perSecond());
        System.out.printf(
                "ingest / best SDK loop = %.0f %%%n", 100.0 * ingest.perSecond() / ceiling);
    }

    /** Records written, wall seconds, CPU seconds of the writer. */
    record Result(long records, double seconds, double cpuSeconds) {
        double perSecond() {
            return records / seconds;
        }

        @Override
        public String toString() {
            return String.format(
                    "%,d records in %.1f s = %,.0f records/s; writer CPU %.1f s = %.2f cores,"
                            + " %,.0f records per CPU-second",
                    records,
                    seconds,
                    perSecond(),
                    cpuSeconds,
                    cpuSeconds / seconds,
                    records / cpuSeconds);
        }
    }

    private static GpsFix fix(int device, int n, Instant t0) {
        return new GpsFix(
                RACE,
                "rider-" + device,
                t0.plusMillis(n * 1000L),
                47.137 + n * 1e-5,
                4.949 + device * 1e-4,
                250.0 + n % 50,
                4.0,
                Instant.now(),
                false);
    }

    /**
     * The SDK loop: {@code LANES} threads, each writing its share of the records in PutRecords of
     * {@code PER_CALL}. Plain: records in order, each thread taking the next 100. Grouped: each
     * thread writes the riders of its partition-key lane, the way ingest-api's writer does.
     */
    private static Result sdkLoop(int records, int devices, int warmup, boolean grouped)
            throws Exception {
        Instant t0 = Instant.now().minusSeconds(3600);
        try (KinesisEmulator emulator =
                        KinesisEmulator.start(0, KinesisEmulator.streams(STREAM, shards));
                KinesisClient client = emulator.client()) {
            sdkLoop(client, entries(0, warmup, devices, t0, grouped));
            return sdkLoop(client, entries(warmup, records, devices, t0, grouped));
        }
    }

    private static List<List<PutRecordsRequestEntry>> entries(
            int offset, int records, int devices, Instant t0, boolean grouped) {
        List<List<PutRecordsRequestEntry>> lanes = new ArrayList<>();
        for (int l = 0; l < LANES; l++) {
            lanes.add(new ArrayList<>());
        }
        for (int i = 0; i < records; i++) {
            int n = offset + i;
            GpsFix f = fix(n % devices, n / devices, t0);
            String key = PartitionKeys.rider(RACE, f.riderId());
            int lane = grouped ? Math.floorMod(key.hashCode(), LANES) : (i / PER_CALL) % LANES;
            lanes.get(lane)
                    .add(
                            PutRecordsRequestEntry.builder()
                                    .partitionKey(key)
                                    .data(SdkBytes.fromByteArray(Json.toBytes(f)))
                                    .build());
        }
        return lanes;
    }

    private static Result sdkLoop(KinesisClient client, List<List<PutRecordsRequestEntry>> lanes) {
        AtomicLong written = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(LANES);
        long cpu0 = ProcessCpu.own();
        long start = System.nanoTime();
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (List<PutRecordsRequestEntry> lane : lanes) {
            running.add(
                    CompletableFuture.runAsync(
                            () -> {
                                for (int from = 0; from < lane.size(); from += PER_CALL) {
                                    List<PutRecordsRequestEntry> batch =
                                            lane.subList(
                                                    from, Math.min(lane.size(), from + PER_CALL));
                                    while (!batch.isEmpty()) {
                                        List<PutRecordsRequestEntry> sent = batch;
                                        PutRecordsResponse response =
                                                client.putRecords(
                                                        r -> r.streamName(STREAM).records(sent));
                                        List<PutRecordsRequestEntry> failed = new ArrayList<>();
                                        for (int i = 0; i < sent.size(); i++) {
                                            if (response.records().get(i).errorCode() != null) {
                                                failed.add(sent.get(i));
                                            }
                                        }
                                        written.addAndGet(sent.size() - failed.size());
                                        batch = failed;
                                    }
                                }
                            },
                            pool));
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (ProcessCpu.own() - cpu0) / 1e9;
        pool.shutdown();
        return new Result(written.get(), seconds, cpu);
    }

    private static Result throughIngest(int records, int devices, int concurrency, int warmup)
            throws Exception {
        Instant t0 = Instant.now().minusSeconds(3600);
        try (KinesisEmulator emulator =
                KinesisEmulator.start(0, KinesisEmulator.streams(STREAM, shards))) {
            List<String> tokens = new ArrayList<>();
            StringBuilder yaml = new StringBuilder();
            yaml.append("logging:\n  level: WARN\n")
                    .append("kinesis:\n  endpoint: ")
                    .append(emulator.endpoint())
                    .append("\n  accessKeyId: local\n  secretAccessKey: local\n  lanes: ")
                    .append(LANES)
                    .append("\n  maxRecordsPerCall: ")
                    .append(PER_CALL)
                    .append("\n  ackTimeout: 30s\n  callTimeout: 20s\n")
                    .append("limits:\n  requestsPerSecond: 1000\n  requestBurst: 1000\n")
                    .append("races:\n  - raceId: ")
                    .append(RACE)
                    .append("\n    acceptFixesFrom: ")
                    .append(t0.minusSeconds(3600))
                    .append("\n    acceptFixesUntil: ")
                    .append(Instant.now().plusSeconds(3600))
                    .append("\ndevices:\n");
            for (int d = 0; d < devices; d++) {
                String token = DeviceTokens.newToken();
                tokens.add(token);
                yaml.append("  - tokenSha256: ")
                        .append(DeviceTokens.hash(token))
                        .append("\n    raceId: ")
                        .append(RACE)
                        .append("\n    riderId: rider-")
                        .append(d)
                        .append('\n');
            }
            List<String> jvm = new ArrayList<>(List.of("-Xmx1g"));
            String extra = System.getenv("INGEST_JAVA_OPTS"); // e.g. a JFR recording
            if (extra != null && !extra.isBlank()) {
                jvm.addAll(List.of(extra.trim().split("\\s+")));
            }
            try (ServiceProcess ingest =
                    ServiceProcess.start("ingest-api", 0, yaml.toString(), jvm)) {
                HttpClient http =
                        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                String base = ingest.baseUrl() + "/v1/races/" + RACE + "/fixes";
                send(http, base, tokens, warmup, 0, devices, concurrency, t0, ingest.pid());
                return send(
                        http,
                        base,
                        tokens,
                        records,
                        warmup,
                        devices,
                        concurrency,
                        t0,
                        ingest.pid());
            }
        }
    }

    private static Result send(
            HttpClient http,
            String base,
            List<String> tokens,
            int records,
            int offset,
            int devices,
            int concurrency,
            Instant t0,
            long pid)
            throws Exception {
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicLong accepted = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        int requests = records / PER_REQUEST;
        long cpu0 = ProcessCpu.of(pid);
        long start = System.nanoTime();
        for (int k = 0; k < requests; k++) {
            int r = offset / PER_REQUEST + k;
            int device = r % devices;
            int round = r / devices;
            StringBuilder body = new StringBuilder("{\"fixes\":[");
            for (int i = 0; i < PER_REQUEST; i++) {
                GpsFix f = fix(device, round * PER_REQUEST + i, t0);
                body.append(i == 0 ? "" : ",")
                        .append("{\"ts\":\"")
                        .append(f.timestamp())
                        .append("\",\"lat\":")
                        .append(f.lat())
                        .append(",\"lon\":")
                        .append(f.lon())
                        .append(",\"ele\":")
                        .append(f.elevationMeters())
                        .append(",\"accuracyMeters\":4}");
            }
            body.append("]}");
            HttpRequest request =
                    HttpRequest.newBuilder(URI.create(base))
                            .header("Authorization", "Bearer " + tokens.get(device))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                            .build();
            inFlight.acquire();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .whenComplete(
                            (response, error) -> {
                                if (error == null && response.statusCode() == 200) {
                                    accepted.addAndGet(PER_REQUEST);
                                } else {
                                    failures.incrementAndGet();
                                }
                                inFlight.release();
                            });
        }
        inFlight.acquire(concurrency);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (ProcessCpu.of(pid) - cpu0) / 1e9;
        if (failures.get() > 0) {
            System.out.println("requests not fully accepted: " + failures.get());
        }
        return new Result(accepted.get(), seconds, cpu);
    }
}
