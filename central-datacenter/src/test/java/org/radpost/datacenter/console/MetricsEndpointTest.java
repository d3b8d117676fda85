package org.radpost.datacenter.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.transport.SmtpSettings;
import org.radpost.wire.transport.SmtpSubmitter;

/**
 * Prometheus scrapes the console's /metrics over real HTTPS: counters move when a real study is sent, refused,
 * fetched over POP3, and when SMTP, POP3 and console sign-ins fail; PBKDF2 derivations are counted (a repeated
 * login does not derive again); queue gauges and turnaround timers appear.
 * Without a token only loopback clients are answered; with one, only a request that carries it.
 */
class MetricsEndpointTest {
    private static final String TOKEN = "prometheus-scrape-token-0123";
    @TempDir
    Path dir;

    @Test
    void countersMoveWithRealTrafficAndTheScrapeIsPrometheusText() throws Exception {
        try (ConsoleFixture fixture = new ConsoleFixture(dir, Clock.systemUTC(), false)) {
            ConsoleClient scraper = fixture.client();
            var first = scraper.get("/metrics");
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
            assertThat(value(first.body(), "radpost_ingest_messages_total")).isZero();
            assertThat(first.body()).contains("# TYPE radpost_ingest_messages_total counter");

            SampleStudy study = SampleStudy.of("CT", "PID-M1", "METRIC^MIA", "ACC-M1");
            study.size(64, 64).writeImages(dir.resolve("study"), 3);
            fixture.send(dir.resolve("study"), DataCenterFixture.VIEWER, 20_000_000);
            fixture.drain();
            String afterSend = scraper.get("/metrics").body();
            assertThat(value(afterSend, "radpost_ingest_messages_total")).isEqualTo(1);
            assertThat(value(afterSend, "radpost_ingest_objects_total")).isEqualTo(3);
            assertThat(value(afterSend, "radpost_ingest_bytes_total")).isGreaterThan(3 * 64 * 64);
            assertThat(value(afterSend, "radpost_queue_messages", "state=\"done\"")).isEqualTo(1);
            assertThat(value(afterSend, "radpost_queue_messages", "state=\"route\"")).isZero();
            assertThat(value(afterSend, "radpost_mailbox_waiting", "mailbox=\"" + DataCenterFixture.VIEWER + "\"")).isEqualTo(1);
            // Where the sender's wait after DATA went: each synchronous step once, with its time.
            for (String step : List.of("spool", "unseal", "unpack", "validate", "index", "commit")) {
                assertThat(value(afterSend, "radpost_intake_step_seconds_count", "step=\"" + step + "\"")).as(step).isEqualTo(1);
            }
            assertThat(value(afterSend, "radpost_intake_step_seconds_sum", "step=\"unpack\"")).isPositive();

            Path junk = Files.writeString(dir.resolve("junk.eml"), "From: " + DataCenterFixture.CENTER + "\r\nTo: "
                    + DataCenterFixture.VIEWER + "\r\nSubject: hello\r\nMessage-ID: <junk-1@radpost.test>\r\n"
                    + "MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nnot a study\r\n");
            assertThat(submitter(fixture, DataCenterFixture.PASSWORD).submit(junk, n -> { }))
                    .isInstanceOf(org.radpost.wire.transport.SubmitOutcome.PermanentFailure.class);
            assertThat(sum(scraper.get("/metrics").body(), "radpost_ingest_rejected_total")).isEqualTo(1);

            try {
                assertThat(submitter(fixture, "wrong-password").submit(junk, n -> { }))
                        .isNotInstanceOf(org.radpost.wire.transport.SubmitOutcome.Sent.class);
            } catch (java.io.IOException refused) {
                // the submitter may report a refused AUTH as an exception
            }
            assertThatThrownBy(() -> new org.radpost.wire.transport.MailboxReader(new org.radpost.wire.transport.Pop3Settings(
                    "127.0.0.1", fixture.dataCenter.pop3sPort(), DataCenterFixture.VIEWER, "wrong-password",
                    fixture.dataCenter.trustStore(), "changeit"), Files.createDirectories(dir.resolve("nothing"))).fetchAll())
                    .isInstanceOf(Exception.class);
            fixture.client().login("operator", "wrong-password");

            assertThat(fixture.fetch(DataCenterFixture.VIEWER, dir.resolve("pop"))).hasSize(1);
            String last = scraper.get("/metrics").body();
            assertThat(value(last, "radpost_logins_failed_total", "protocol=\"SMTP\"", "reason=\"invalid-credentials\"")).isEqualTo(1);
            assertThat(value(last, "radpost_logins_failed_total", "protocol=\"POP3\"", "reason=\"invalid-credentials\"")).isEqualTo(1);
            assertThat(value(last, "radpost_logins_failed_total", "protocol=\"CONSOLE\"", "reason=\"invalid-credentials\"")).isEqualTo(1);
            assertThat(value(last, "radpost_deliveries_total", "kind=\"STUDY\"")).isEqualTo(1);
            assertThat(value(last, "radpost_turnaround_seconds_count", "from=\"received\"", "to=\"delivered\"")).isEqualTo(1);
            assertThat(value(last, "radpost_turnaround_seconds_sum", "from=\"received\"", "to=\"delivered\"")).isPositive();
            assertThat(last).doesNotContain("mailbox=\"" + DataCenterFixture.VIEWER + "\"} 1.0");

            // The viewer's next session with the same password is confirmed by the directory's cache, not by PBKDF2.
            double derivations = value(last, "radpost_password_hash_checks_total");
            assertThat(derivations).isPositive();
            assertThat(fixture.fetch(DataCenterFixture.VIEWER, dir.resolve("pop-again"))).isEmpty();
            assertThat(value(scraper.get("/metrics").body(), "radpost_password_hash_checks_total")).isEqualTo(derivations);
        }
    }

    @Test
    void withATokenOnlyARequestCarryingItIsAnswered() throws Exception {
        try (ConsoleFixture fixture = new ConsoleFixture(dir, Clock.systemUTC(), false, c -> c.withMetricsToken(TOKEN))) {
            ConsoleClient scraper = fixture.client();
            var none = scraper.get("/metrics");
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
            assertThat(none.body()).doesNotContain("radpost_");
            assertThat(scraper.get("/metrics", "Authorization", "Bearer " + TOKEN + "x").statusCode()).isEqualTo(401);
            assertThat(scraper.get("/metrics", "Authorization", "Basic " + TOKEN).statusCode()).isEqualTo(401);
            var answered = scraper.get("/metrics", "Authorization", "Bearer " + TOKEN);
            assertThat(answered.statusCode()).isEqualTo(200);
            assertThat(answered.body()).contains("radpost_ingest_messages_total");
            assertThat(fixture.signedIn(Role.OPERATOR).get("/metrics").statusCode()).as("a console session is no token").isEqualTo(401);
        }
    }

    private static SmtpSubmitter submitter(ConsoleFixture fixture, String password) throws Exception {
        return new SmtpSubmitter(SmtpSettings.of("127.0.0.1", fixture.dataCenter.smtpsPort(), SmtpSettings.Security.SMTPS,
                DataCenterFixture.CENTER, password, fixture.dataCenter.trustStore(), "changeit"));
    }

    /** The value of the one sample of {@code name} whose labels include every one given. */
    static double value(String scrape, String name, String... labels) {
        var matches = samples(scrape, name, labels).toList();
        assertThat(matches).as(name + " " + Arrays.toString(labels) + " in\n" + scrape).hasSize(1);
        return matches.get(0);
    }

    /** The sum of every sample of {@code name}, whatever its labels. */
    static double sum(String scrape, String name) {
        return samples(scrape, name).mapToDouble(Double::doubleValue).sum();
    }

    private static java.util.stream.Stream<Double> samples(String scrape, String name, String... labels) {
        return scrape.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> Arrays.stream(labels).allMatch(l::contains))
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)));
    }
}
