package org.radpost.system;

import org.radpost.testkit.Chromium;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.radpost.datacenter.DataCenter;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.datacenter.directory.AccessLevel;
import org.radpost.wire.ObjectType;
import org.radpost.wire.Priority;
import org.radpost.wire.StudyUid;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.StudyBatch;
import org.radpost.wire.build.StudyScanner;
import org.radpost.wire.read.ReceivedObject;
import org.radpost.wire.transport.MailboxReader;
import org.radpost.wire.transport.Pop3Settings;
import org.radpost.wire.receipt.Receipt;
import org.radpost.wire.receipt.ReceiptStatus;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.transport.SmtpSettings;
import org.radpost.wire.transport.SmtpSubmitter;
import org.radpost.wire.transport.SubmitOutcome;
import org.radpost.schema.DatabaseConfig;
import org.radpost.testkit.TestDatabases;
import org.radpost.viewer.ViewerAgent;
import org.radpost.viewer.config.MailServer;
import org.radpost.viewer.config.ViewerConfig;

/**
 * The radiologist's path through the real data center, in headless Chromium: a center sends a CT study over
 * STARTTLS to the data center (MariaDB); the viewer agent polls it over POP3S; the radiologist opens it, sees a
 * rendered image, draws and saves a line, writes and sends a report; the data center tracks viewed, annotated
 * and reported, and the center's mailbox holds the report, the overlay and the receipts.
 */
class ViewerBrowserSystemTest {
    static final String CENTER = "center1@radpost.test";
    static final String VIEWER = "viewer1@radpost.test";
    static final String PASSWORD = "browser-system-pw";
    static final String BASIC_TEXT_SR = "1.2.840.10008.5.1.4.1.1.88.11";
    static final Path SCREENSHOTS = Path.of("target/screenshots");

    @TempDir
    static Path dir;

    static DatabaseConfig database;
    static DataCenter dataCenter;
    static ViewerAgent agent;
    static ChromeDriver browser;
    static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabases.freshMariaDb();
        dataCenter = DataCenter.start(DatacenterConfig.local(dir.resolve("dc"), database), Clock.systemUTC());
        dataCenter.directory().addCenter("c1", "Center One", CENTER, PASSWORD);
        dataCenter.directory().addViewer("v1", "Dr. Ada Reader", VIEWER, PASSWORD, AccessLevel.FULL);
        dataCenter.directory().authorize("c1", "v1", "CT");

        // The viewer polls the data center's POP3S and sends over its SMTPS; blank return address = back to the sender.
        ViewerConfig config = new ViewerConfig(dir.resolve("viewer"),
                new MailServer("127.0.0.1", dataCenter.pop3sPort(), true, VIEWER, PASSWORD),
                new MailServer("127.0.0.1", dataCenter.smtpsPort(), true, VIEWER, PASSWORD),
                dataCenter.trustStore(), "changeit", Duration.ofMillis(300), "127.0.0.1", 0, "Dr. Ada Reader", VIEWER, "");
        agent = ViewerAgent.start(config);

        browser = Chromium.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (agent != null) {
            agent.close();
        }
        if (dataCenter != null) {
            dataCenter.close();
        }
        TestDatabases.drop(database);
    }

    @Test
    void radiologistReadsAStudyFromTheDataCenterAndTheCenterGetsOverlayReportAndReceipts() throws Exception {
        SampleStudy study = SampleStudy.ct().size(256, 256);
        study.writeImages(dir.resolve("study"), 4);
        StudyBatch batch = new StudyScanner().scan(List.of(dir.resolve("study"))).studies().get(0);
        String studyUid = batch.studyUid().value();
        SmtpSubmitter center = new SmtpSubmitter(SmtpSettings.of("127.0.0.1", dataCenter.startTlsPort(),
                SmtpSettings.Security.STARTTLS, CENTER, PASSWORD, dataCenter.trustStore(), "changeit"));
        for (Path part : new MessageWriter().write(new Addressing(CENTER, VIEWER, Priority.STAT), batch, dir.resolve("outbox"))) {
            assertThat(center.submit(part, n -> { })).isInstanceOf(SubmitOutcome.Sent.class);
        }

        // The agent's own background poll over POP3S brings the study in; nothing here polls for it.
        Awaitility.await("the study arrives complete at the viewer agent").atMost(Duration.ofSeconds(30))
                .until(() -> agent.studies().find(StudyUid.of(studyUid)).map(s -> s.complete()).orElse(false));

        browser.get(agent.url().toString());
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#worklist tbody tr.study[data-study='" + studyUid + "']")));
        assertThat(row.getText()).contains("STAT", "CT", "4 / 4", "new");
        screenshot("system-1-worklist");

        row.findElement(By.cssSelector("a.open")).click();
        waitForImage();
        assertThat(distinctGraysInRenderedPng()).as("gray levels in the rendered PNG").isGreaterThan(20);
        assertThat(distinctGraysOnScreen(browser.findElement(By.id("image")))).as("gray levels on screen").isGreaterThan(20);
        String annotatedSop = loadedSop();
        assertThat(batch.objects()).extracting(o -> o.summary().sopInstanceUid().value()).contains(annotatedSop);
        screenshot("system-2-study");

        WebElement stage = browser.findElement(By.id("stage"));
        browser.findElement(By.cssSelector("button.tool[data-tool='line']")).click();
        new Actions(browser).moveToElement(stage, -120, 60).clickAndHold().moveByOffset(180, 0).release().perform();
        assertThat(browser.findElement(By.id("overlay")).getText()).contains("mm");
        browser.findElement(By.id("save-annotations")).click();
        wait.until(d -> d.findElement(By.id("annotation-status")).getText().startsWith("Saved 1 annotation(s)"));
        assertThat(loadedSop()).as("still on the image the line was drawn on").isEqualTo(annotatedSop);
        screenshot("system-3-annotated");

        browser.findElement(By.id("findings")).sendKeys("No focal lesion. No effusion.");
        browser.findElement(By.id("impression")).sendKeys("Normal CT of the chest.");
        // Read the status only from the page the submission loads, never from the old page while it is replaced.
        WebElement statusBeforeSubmit = browser.findElement(By.id("study-status"));
        browser.findElement(By.id("send-report")).click();
        wait.until(ExpectedConditions.stalenessOf(statusBeforeSubmit));
        assertThat(browser.findElement(By.id("study-status")).getText()).isEqualTo("reported");
        assertThat(browser.findElement(By.cssSelector("article.report")).getText()).contains("No focal lesion", "Normal CT");
        screenshot("system-4-reported");

        MailboxReader centerMailbox = new MailboxReader(new Pop3Settings("127.0.0.1", dataCenter.pop3sPort(), CENTER, PASSWORD,
                dataCenter.trustStore(), "changeit"), dir.resolve("center-mailbox"));
        List<MailboxReader.Fetched> back = new ArrayList<>();
        Awaitility.await("the center's mailbox holds report, overlay, viewed and reported").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    back.addAll(centerMailbox.fetchAll());
                    return objectsOfType(back, ObjectType.REPORT).size() == 1 && objectsOfType(back, ObjectType.OVERLAY).size() == 1
                            && statuses(back).containsAll(List.of(ReceiptStatus.VIEWED, ReceiptStatus.REPORTED));
                });
        assertThat(back).as("every message in the center's mailbox reads cleanly").allSatisfy(f -> {
            assertThat(f.message()).isNotNull();
            assertThat(f.problem()).isNullOrEmpty();
        });

        ReceivedObject report = objectsOfType(back, ObjectType.REPORT).get(0);
        assertThat(report.summary().studyInstanceUid().value()).isEqualTo(studyUid);
        assertThat(report.summary().sopClassUid()).as("the report is a Basic Text SR").isEqualTo(BASIC_TEXT_SR);
        assertThat(Files.readString(report.file(), StandardCharsets.ISO_8859_1)).as("the SR carries what was typed")
                .contains("No focal lesion. No effusion.", "Normal CT of the chest.");
        ReceivedObject overlay = objectsOfType(back, ObjectType.OVERLAY).get(0);
        assertThat(overlay.referencedSopInstanceUid()).as("the overlay references the annotated image")
                .hasValueSatisfying(uid -> assertThat(uid.value()).isEqualTo(annotatedSop));
        assertThat(overlay.summary().referencedSopInstanceUid()).hasValueSatisfying(uid -> assertThat(uid.value()).isEqualTo(annotatedSop));

        List<String> states = dataCenter.timeline().of(studyUid).stream().map(e -> e.state().name()).toList();
        assertThat(states).contains("VIEWED", "ANNOTATED", "REPORTED");
        assertThat(states).containsSubsequence("DELIVERED", "VIEWED", "REPORTED");

        // The page's own record of what went out: all three accepted by the data center's SMTPS.
        browser.navigate().refresh();
        wait.until(d -> d.findElements(By.cssSelector("#outgoing li.state-sent")).size() == 3);
        WebElement outgoing = browser.findElement(By.id("outgoing"));
        assertThat(outgoing.getText()).contains("viewed receipt: sent", "overlay: sent", "report: sent");
        browser.executeScript("arguments[0].scrollIntoView()", outgoing);
        screenshot("system-5-sent");
    }

    private static List<ReceivedObject> objectsOfType(List<MailboxReader.Fetched> fetched, ObjectType type) {
        return fetched.stream().filter(f -> f.message() != null && f.message().type() == type)
                .flatMap(f -> f.message().objects().stream()).toList();
    }

    private static List<ReceiptStatus> statuses(List<MailboxReader.Fetched> fetched) {
        return fetched.stream().filter(f -> f.message() != null).flatMap(f -> f.message().receipt().stream())
                .map(Receipt::status).toList();
    }

    private static void waitForImage() {
        wait.until(d -> !loadedSop().isEmpty());
    }

    /** The SOP Instance UID of the image the page shows (the page marks it when the PNG has loaded). */
    private static String loadedSop() {
        String loaded = String.valueOf(browser.executeScript("return document.getElementById('image').dataset.loaded || ''"));
        return loaded.contains(":") ? loaded.substring(0, loaded.lastIndexOf(':')) : loaded;
    }

    /** Distinct gray levels in the PNG the page received, drawn onto a canvas and read back. */
    private static long distinctGraysInRenderedPng() {
        Object count = browser.executeScript(
                "const img = document.getElementById('image');"
                        + "const c = document.createElement('canvas'); c.width = img.naturalWidth; c.height = img.naturalHeight;"
                        + "const g = c.getContext('2d'); g.drawImage(img, 0, 0);"
                        + "const d = g.getImageData(0, 0, c.width, c.height).data; const seen = new Set();"
                        + "for (let i = 0; i < d.length; i += 4) seen.add(d[i]); return seen.size;");
        return ((Number) count).longValue();
    }

    /** Distinct gray levels inside the image element's box in a real screenshot of the page. */
    private static int distinctGraysOnScreen(WebElement image) throws Exception {
        BufferedImage shot = ImageIO.read(new ByteArrayInputStream(browser.getScreenshotAs(OutputType.BYTES)));
        Rectangle box = image.getRect();
        Set<Integer> grays = new HashSet<>();
        for (int y = Math.max(0, box.y); y < Math.min(shot.getHeight(), box.y + box.height); y++) {
            for (int x = Math.max(0, box.x); x < Math.min(shot.getWidth(), box.x + box.width); x++) {
                grays.add(shot.getRGB(x, y) & 0xff);
            }
        }
        return grays.size();
    }

    private static void screenshot(String name) throws Exception {
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }
}
