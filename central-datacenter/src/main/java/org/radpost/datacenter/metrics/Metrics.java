package org.radpost.datacenter.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The data center's metrics in one Micrometer registry per node, served in Prometheus text format by the
 * console's {@code /metrics}: ingest, rejections by reason, queue depth per stage, deliveries, failed logins per
 * protocol and turnaround timers. Counters count from the node's start, as Prometheus expects.
 */
public final class Metrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter messages;
    private final Counter objects;
    private final Counter bytes;
    private final MultiGauge queue;
    private final MultiGauge mailboxes;
    private volatile LongSupplier passwordHashChecks = () -> 0;
    private volatile Supplier<Depths> depths = () -> new Depths(Map.of(), Map.of());

    /** Rows waiting, read from the database when Prometheus scrapes. */
    public record Depths(Map<String, Long> messagesByState, Map<String, Long> deliveriesByMailbox) {}

    public Metrics() {
        messages = Counter.builder("radpost.ingest.messages").description("messages accepted over SMTP (stored and acknowledged)")
                .register(registry);
        objects = Counter.builder("radpost.ingest.objects").description("DICOM objects in accepted messages").register(registry);
        bytes = Counter.builder("radpost.ingest.bytes").baseUnit("bytes").description("bytes of accepted messages").register(registry);
        queue = MultiGauge.builder("radpost.queue.messages").description("messages per pipeline state: a stage name is waiting for it")
                .register(registry);
        // Logins the directory's cache of recent successes confirmed are not among them (see Directory).
        FunctionCounter.builder("radpost.password.hash.checks", this, m -> m.passwordHashChecks.getAsLong())
                .description("PBKDF2 password derivations run for SMTP and POP3 logins, unknown users' dummy check included")
                .register(registry);
        mailboxes = MultiGauge.builder("radpost.mailbox.waiting").description("messages waiting in a mailbox for pickup over POP3")
                .register(registry);
    }

    /** Where queue depths come from (the database); read at each scrape. */
    public void depthsFrom(Supplier<Depths> source) {
        this.depths = source;
    }

    public void accepted(long objectCount, long sizeBytes) {
        messages.increment();
        objects.increment(objectCount);
        if (sizeBytes > 0) {
            bytes.increment(sizeBytes);
        }
    }

    /** A message refused, by the stable reason code the sender's receipt carries. */
    public void rejected(String reasonCode) {
        Counter.builder("radpost.ingest.rejected").description("messages refused, by reason code").tag("reason", reasonCode)
                .register(registry).increment();
    }

    /** Messages a client took from a mailbox (committed at QUIT), by kind: STUDY, RECEIPT, REPORT, ... */
    public void delivered(String kind, int count) {
        Counter.builder("radpost.deliveries").description("messages fetched by their recipient over POP3 (deletion committed)")
                .tag("kind", kind).register(registry).increment(count);
    }

    /** A refused sign-in: protocol SMTP, POP3 or CONSOLE; reason as audited. */
    public void loginFailed(String protocol, String reason) {
        Counter.builder("radpost.logins.failed").description("refused sign-ins, by protocol and reason")
                .tags("protocol", protocol, "reason", reason).register(registry).increment();
    }

    /** Where the count of PBKDF2 derivations for logins comes from (the directory); read at each scrape. */
    public void passwordHashChecksFrom(LongSupplier source) {
        this.passwordHashChecks = source;
    }

    /** Time from one milestone of a study to the next (received → delivered → viewed → reported). */
    public void turnaround(String from, String to, Duration duration) {
        Timer.builder("radpost.turnaround").description("time between a study's milestones, first occurrence each")
                .tags("from", from, "to", to).publishPercentiles(0.5, 0.9).register(registry).record(duration);
    }

    /** How long one synchronous intake step (or the intake's commit) took for one message, while its sender waited. */
    public void intakeStep(String step, Duration duration) {
        Timer.builder("radpost.intake.step").description("time of each synchronous intake step per message, the sender waiting after DATA")
                .tag("step", step).publishPercentiles(0.5, 0.9).register(registry).record(duration);
    }

    /** The Prometheus text exposition, with queue depths read now. */
    public String scrape() {
        Depths now = depths.get();
        queue.register(rows(now.messagesByState(), "state"), true);
        mailboxes.register(rows(now.deliveriesByMailbox(), "mailbox"), true);
        return registry.scrape();
    }

    private static List<MultiGauge.Row<?>> rows(Map<String, Long> counts, String tag) {
        return counts.entrySet().stream().<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of(tag, e.getKey()), e.getValue()))
                .toList();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }
}
