package org.radpost.datacenter.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.awaitility.Awaitility;
import org.hibernate.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.testkit.Chromium;
import org.radpost.testkit.SampleStudy;

/**
 * Headless Debian Chromium on the Operations and Statistics pages of a real data center (MariaDB, SMTPS, POP3S):
 * an operator sees a FAILED message with its reason and retries it, sees which viewer polled and which never did,
 * and reads the last 30 days' volume and turnaround as charts with the numbers beneath. Today's studies are sent
 * for real; the earlier days are written into the tracking tables as the pipeline would have (a test cannot wait a
 * month). Screenshots go to target/screenshots.
 */
class ConsoleOperationsBrowserTest {
    private static final Path SHOTS = Path.of("target", "screenshots");
    @TempDir
    Path dir;
    ConsoleFixture fixture;
    ChromeDriver browser;
    String base;

    @BeforeEach
    void start() throws Exception {
        fixture = new ConsoleFixture(dir, Clock.systemUTC(), true);
        browser = Chromium.start(true);
        base = "https://localhost:" + fixture.dataCenter.consolePort();
        Files.createDirectories(SHOTS);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        fixture.close();
    }

    @Test
    void anOperatorRetriesAFailedMessageSeesWhoPolledAndReadsTheStatistics() throws Exception {
        SampleStudy ct = SampleStudy.of("CT", "PID-S1", "STAT^SAM", "ACC-S1");
        ct.size(128, 128).writeImages(dir.resolve("ct"), 4);
        fixture.send(dir.resolve("ct"), DataCenterFixture.VIEWER, 20_000_000);
        SampleStudy mr = SampleStudy.of("MR", "PID-S2", "STAT^SUE", "ACC-S2");
        mr.size(128, 128).writeImages(dir.resolve("mr"), 2);
        fixture.send(dir.resolve("mr"), DataCenterFixture.VIEWER, 20_000_000);
        fixture.drain();
        assertThat(fixture.fetch(DataCenterFixture.VIEWER, dir.resolve("pop"))).hasSize(2);
        seedHistory();
        fixture.dataCenter.archiver().retention().hold(org.radpost.wire.StudyUid.of(ct.studyInstanceUid()),
                "litigation hold 2026-114", "legal@hospital");
        fixture.dataCenter.archiver().retention().setPolicy(new org.radpost.archiver.retention.CenterRetention("c1",
                org.radpost.archiver.retention.CenterPolicy.NOTIFY_THEN_CONFIRM, 30), "test");
        long failed = fixture.failAtArchive(mr.studyInstanceUid(), "archive volume /srv/tape/0007 is read-only (mounted ro after an I/O error)");

        signIn("operator");
        WebElement table = clickThen(browser.findElement(By.linkText("Operations")), By.id("failed"));
        assertThat(table.getText()).contains("#" + failed).contains("archive").contains("read-only").contains("Retry");
        String polling = browser.findElement(By.id("polling")).getText();
        assertThat(row(polling, DataCenterFixture.VIEWER)).contains("127.0.0.1").doesNotContain("never polled");
        assertThat(row(polling, DataCenterFixture.OTHER_VIEWER)).contains("never polled");
        assertThat(row(polling, DataCenterFixture.CENTER)).contains("never polled");
        assertThat(browser.findElement(By.id("archive-volumes")).getText()).contains("c1").contains("CT").contains("MR");
        assertThat(browser.findElement(By.id("holds")).getText()).contains("litigation hold 2026-114");
        tall(1900);
        shot("20-operations-failed");

        assertThat(clickThen(browser.findElement(By.id("retry-" + failed)), By.cssSelector(".flash")).getText())
                .contains("Message #" + failed + " sent back to archive");
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> fixture.count("select count(*) from message where id = " + failed + " and state = 'done'") == 1);
        browser.navigate().refresh();
        assertThat(Chromium.waitFor(browser, By.id("no-failed")).getText()).contains("No message has failed");
        shot("21-operations-retried");

        clickThen(browser.findElement(By.linkText("Statistics")), By.id("chart-studies"));
        assertThat(browser.findElements(By.cssSelector("#chart-studies rect.bar"))).hasSize(30);
        assertThat(browser.findElement(By.cssSelector("#chart-studies svg > title")).getAttribute("textContent"))
                .isEqualTo("Studies received per day");
        assertThat(browser.findElements(By.cssSelector("#chart-received-delivered polyline.median"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#chart-viewed-reported polyline.p90"))).isNotEmpty();
        String today = LocalDate.now(ZoneId.systemDefault()).toString();
        String volume = browser.findElement(By.id("volume-table")).getText();
        assertThat(volume).contains(today + " c1 CT 1 4").contains(today + " c1 MR 1 2");
        assertThat(browser.findElement(By.id("turnaround-table")).getText()).contains(today + " received → delivered 2");
        tall(2300);
        shot("22-statistics");
        signOutAndIn("manager");
        clickThen(browser.findElement(By.linkText("Directory")), By.id("centers"));
        assertThat(browser.findElement(By.id("centers")).getText()).contains("notify 30 days before expiry");
        tall(1200);
        shot("23-directory-retention");
    }

    /** Twenty earlier days of studies from c1, each delivered, viewed and reported after a while that varies by day. */
    private void seedHistory() {
        fixture.dataCenter.database().sessionFactory().inTransaction(s -> {
            long center = ((Number) s.createNativeQuery("SELECT id FROM center WHERE code = 'c1'", Object.class).getSingleResult()).longValue();
            s.createNativeMutationQuery("INSERT INTO patient (center_id, patient_id, patient_name) VALUES (:c, 'PID-HIST', 'HISTORY^HAL')")
                    .setParameter("c", center).executeUpdate();
            long patient = ((Number) s.createNativeQuery("SELECT id FROM patient WHERE patient_id = 'PID-HIST'", Object.class)
                    .getSingleResult()).longValue();
            String[] modalities = {"CT", "MR", "US"};
            for (int day = 1; day <= 24; day++) {
                if (day % 7 == 6) {
                    continue; // a quiet day: no bar, and a gap in the lines
                }
                int studies = 1 + (day * 7) % 5;
                for (int n = 0; n < studies; n++) {
                    String uid = "1.2.826.0.1.3680043.10.7070." + day + "." + n;
                    Instant received = Instant.now().minus(Duration.ofDays(day)).minus(Duration.ofMinutes(37L * n));
                    s.createNativeMutationQuery("INSERT INTO study (study_uid, center_id, patient_ref, accession_number, modality,"
                                    + " description, priority, destination, expected_objects, received_objects, state, first_received_at,"
                                    + " last_received_at) VALUES (:u, :c, :p, :a, :m, 'history', 'ROUTINE', :d, :o, :o, 'REPORTED', :at, :at)")
                            .setParameter("u", uid).setParameter("c", center).setParameter("p", patient).setParameter("a", "H-" + day + "-" + n)
                            .setParameter("m", modalities[(day + n) % 3]).setParameter("d", DataCenterFixture.VIEWER)
                            .setParameter("o", 20 + 13 * n + day).setParameter("at", received).executeUpdate();
                    Instant delivered = received.plus(Duration.ofSeconds(90 + 40L * ((day + n) % 6)));
                    Instant viewed = delivered.plus(Duration.ofMinutes(20 + 9L * ((day * 3 + n) % 8)));
                    Instant reported = viewed.plus(Duration.ofMinutes(35 + 15L * ((day + 2 * n) % 7)));
                    event(s, uid, "RECEIVED", received);
                    event(s, uid, "DELIVERED", delivered);
                    event(s, uid, "VIEWED", viewed);
                    event(s, uid, "REPORTED", reported);
                }
            }
        });
    }

    private static void event(Session s, String uid, String state, Instant at) {
        s.createNativeMutationQuery("INSERT INTO status_event (study_uid, state, actor, detail, at) VALUES (:u, :s, 'history', 'seeded', :at)")
                .setParameter("u", uid).setParameter("s", state).setParameter("at", at).executeUpdate();
    }

    private static String row(String table, String mailbox) {
        return table.lines().filter(l -> l.contains(mailbox)).findFirst().orElseThrow(() -> new AssertionError("no row for " + mailbox));
    }

    private void tall(int height) {
        browser.manage().window().setSize(new Dimension(1440, height));
    }

    private void shot(String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    private void signIn(String user) {
        browser.get(base + "/login");
        browser.findElement(By.name("username")).sendKeys(user);
        browser.findElement(By.name("password")).sendKeys(ConsoleFixture.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        Chromium.waitFor(browser, By.cssSelector("form.who button"));
    }

    private void signOutAndIn(String user) {
        browser.findElement(By.cssSelector("form.who button")).click();
        Chromium.waitFor(browser, By.name("username"));
        signIn(user);
    }

    private WebElement clickThen(WebElement link, By next) {
        link.click();
        return Chromium.waitFor(browser, next);
    }
}
