package org.radpost.datacenter.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.testkit.SampleStudy;

/**
 * Operations over real HTTPS on the embedded database: a FAILED message is listed with its reason and retried
 * (operator and above, CSRF token required, audited, the same effect as {@code datacenter retry}); each mailbox's
 * last POP3 poll is shown, and "never polled" until there is one; the statistics page is an operator's.
 */
class ConsoleOperationsTest {
    @TempDir
    Path dir;
    ConsoleFixture fixture;
    SampleStudy study;

    @BeforeEach
    void start() throws Exception {
        fixture = new ConsoleFixture(dir, Clock.systemUTC(), false);
        study = SampleStudy.of("MR", "PID-O1", "OPS^OLGA", "ACC-O1");
        study.size(64, 64).writeImages(dir.resolve("study"), 2);
        fixture.send(dir.resolve("study"), DataCenterFixture.VIEWER, 20_000_000);
        fixture.drain();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void anOperatorSeesAFailedMessageWithItsReasonAndRetriesIt() throws Exception {
        long id = fixture.failAtArchive(study.studyInstanceUid(), "archive volume /srv/tape/0007 is read-only");
        ConsoleClient operator = fixture.signedIn(Role.OPERATOR);

        String page = operator.get("/operations").body();
        assertThat(page).contains("id=\"failed\"").contains("#" + id).contains("archive volume /srv/tape/0007 is read-only")
                .contains("action=\"/operations/failed/" + id + "/retry\"");

        var answer = operator.follow(operator.post("/operations/failed/" + id + "/retry", "_back", "/operations"));
        assertThat(answer.body()).contains("Message #" + id + " sent back to archive");
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> fixture.count("select count(*) from message where id = " + id + " and state = 'done'") == 1);
        assertThat(operator.get("/operations").body()).contains("id=\"no-failed\"").doesNotContain("read-only");
        assertThat(fixture.dataCenter.audit().latest(5)).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("operator");
            assertThat(e.action()).isEqualTo("retry");
            assertThat(e.before()).contains("failed at archive after 10 attempts").contains("read-only");
            assertThat(e.after()).isEqualTo("sent back to archive");
        });
        assertThat(fixture.dataCenter.timeline().of(study.studyInstanceUid()))
                .extracting(e -> e.state().name() + " " + e.actor()).contains("RETRIED console:operator");
    }

    @Test
    void aRetryWithoutTheFormTokenOrWithoutSigningInChangesNothing() throws Exception {
        long id = fixture.failAtArchive(study.studyInstanceUid(), "disk full");
        ConsoleClient operator = fixture.signedIn(Role.OPERATOR);
        operator.get("/operations");

        assertThat(operator.postRaw("/operations/failed/" + id + "/retry", Map.of()).statusCode()).isEqualTo(403);
        assertThat(operator.postRaw("/operations/failed/" + id + "/retry", Map.of("_csrf", "forged")).statusCode()).isEqualTo(403);
        var anonymous = fixture.client();
        var refused = anonymous.postRaw("/operations/failed/retry-all", Map.of("_csrf", "x"));
        assertThat(refused.statusCode()).isIn(302, 403);

        assertThat(fixture.count("select count(*) from message where id = " + id + " and state = 'failed'")).isEqualTo(1);
        assertThat(fixture.dataCenter.audit().latest(20)).noneMatch(e -> e.action().startsWith("retry"));
    }

    @Test
    void everyRoleMayRetryAndSeeStatistics() throws Exception {
        for (Role role : Role.values()) {
            ConsoleClient client = fixture.signedIn(role);
            assertThat(client.get("/statistics").statusCode()).as(role.name()).isEqualTo(200);
            assertThat(client.get("/operations").statusCode()).as(role.name()).isEqualTo(200);
        }
        ConsoleClient anonymous = fixture.client();
        var toLogin = anonymous.get("/statistics");
        assertThat(toLogin.statusCode()).isEqualTo(302);
        assertThat(toLogin.headers().firstValue("Location").orElse("")).endsWith("/login");
        long id = fixture.failAtArchive(study.studyInstanceUid(), "disk full");
        ConsoleClient admin = fixture.signedIn(Role.ADMIN);
        admin.get("/operations");
        assertThat(admin.post("/operations/failed/retry-all", "_back", "/operations").statusCode()).isEqualTo(302);
        assertThat(fixture.count("select count(*) from message where id = " + id + " and state = 'failed'")).isZero();
    }

    @Test
    void eachMailboxShowsItsLastPollAndNeverPolledUntilThen() throws Exception {
        ConsoleClient operator = fixture.signedIn(Role.OPERATOR);
        assertThat(pollingRow(operator.get("/operations").body(), DataCenterFixture.VIEWER)).contains("never polled");

        assertThat(fixture.fetch(DataCenterFixture.VIEWER, dir.resolve("pop"))).hasSize(1);
        fixture.fetch(DataCenterFixture.VIEWER, dir.resolve("pop2"));

        String row = pollingRow(operator.get("/operations").body(), DataCenterFixture.VIEWER);
        assertThat(row).doesNotContain("never polled").contains("127.0.0.1").contains("s ago").contains("<td class=\"num\">2</td>");
        assertThat(row).as("the first poll took the study").doesNotContain(">never<");
        assertThat(pollingRow(operator.get("/operations").body(), DataCenterFixture.OTHER_VIEWER)).contains("never polled");
        // Kept in the database: what a restarted node or another node shows too.
        assertThat(fixture.count("select poll_count from mailbox_poll where mailbox = '" + DataCenterFixture.VIEWER + "'")).isEqualTo(2);
    }

    @Test
    void operationsShowArchiveVolumesAndHoldsAndTheDirectoryEachCentersRetention() throws Exception {
        var retention = fixture.dataCenter.archiver().retention();
        retention.hold(org.radpost.wire.StudyUid.of(study.studyInstanceUid()), "litigation 2026-114: keep until released", "legal");
        ConsoleClient operator = fixture.signedIn(Role.OPERATOR);
        String page = operator.get("/operations").body();
        String volumes = page.substring(page.indexOf("id=\"archive-volumes\""));
        assertThat(volumes.substring(0, volumes.indexOf("</table>"))).contains("<td>c1</td><td>MR</td>").contains("OPEN")
                .contains("<td class=\"num\">2</td>");
        assertThat(page).contains("id=\"holds\"").contains("litigation 2026-114: keep until released").contains(study.studyInstanceUid());

        ConsoleClient manager = fixture.signedIn(Role.MANAGER);
        assertThat(manager.get("/directory").body()).contains("delete at expiry (default); the shared periods")
                .contains("none set; objects are kept until a period is set");
        retention.setPolicy(new org.radpost.archiver.retention.CenterRetention("c1",
                org.radpost.archiver.retention.CenterPolicy.NOTIFY_THEN_CONFIRM, 45), "test");
        retention.setRule(new org.radpost.archiver.retention.RetentionRule("MR", java.util.Optional.of("c1"), 10, 0), "test");
        retention.setRule(new org.radpost.archiver.retention.RetentionRule("CT", java.util.Optional.empty(), 7, 30), "test");
        String directory = manager.get("/directory").body();
        assertThat(directory).contains("notify 45 days before expiry, delete once the center confirms; own periods: MR 10 y")
                .contains("Shared retention periods").contains("CT 7 y 30 d");
        assertThat(directory).contains("none: plain messages (TLS only) are accepted");

        // A center's S/MIME certificate, once the directory holds one: subject, serial and expiry.
        java.nio.file.Path tls = fixture.dataCenter.config().tlsDir();
        var ca = org.radpost.wire.tls.DeploymentCa.load(tls, org.radpost.wire.tls.KeyStorePassword.of(tls),
                org.radpost.wire.tls.DeploymentCa.PUBLIC_TRUST_STORE_PASSWORD.toCharArray());
        char[] password = "center-key-pw".toCharArray();
        var issued = ca.issue("c1-smime", DataCenterFixture.CENTER, java.util.List.of(), password);
        var certificate = org.radpost.wire.smime.SmimeIdentity.load(issued.keyStore(), password).certificate();
        new org.radpost.datacenter.directory.SmimeCertificates(fixture.dataCenter.directory()).setForCenter("c1", certificate);
        String centers = manager.get("/directory").body();
        centers = centers.substring(centers.indexOf("id=\"centers\""), centers.indexOf("id=\"shared-retention\""));
        assertThat(centers).contains("CN=" + DataCenterFixture.CENTER).contains("serial " + certificate.getSerialNumber().toString(16))
                .contains("valid until " + certificate.getNotAfter().toInstant());
    }

    private static String pollingRow(String page, String mailbox) {
        String table = page.substring(page.indexOf("id=\"polling\""));
        table = table.substring(0, table.indexOf("</table>"));
        int at = table.indexOf("<td>" + mailbox + "</td>");
        assertThat(at).as("a row for " + mailbox).isPositive();
        return table.substring(table.lastIndexOf("<tr>", at), table.indexOf("</tr>", at));
    }
}
