package org.radpost.viewer.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.radpost.testkit.Chromium;
import org.radpost.testkit.CuttingRelay;
import org.radpost.testkit.SampleStudy;
import org.radpost.viewer.GreenMailTls;
import org.radpost.viewer.GreenMailTop;
import org.radpost.viewer.TestMail;
import org.radpost.viewer.ViewerAgent;
import org.radpost.viewer.config.ViewerConfig;
import org.radpost.viewer.poll.PollResult;
import org.radpost.wire.Priority;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.StudyBatch;
import org.radpost.wire.build.StudyScanner;

/**
 * While a study is still arriving: the open study page takes in the parts that land after it was opened without
 * losing the radiologist's place, and the worklist says what is downloading and how far it is. The agent polls a
 * real POP3S server (GreenMail) through a relay that can hold a download in the middle, as a slow line does.
 */
class ArrivingStudyBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final long PART_CAP = 300 * 1024;

    @TempDir
    static Path dir;

    static TestMail mail;
    static CuttingRelay relay;
    static ViewerAgent agent;
    static ChromeDriver browser;
    static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        GreenMailTop.advertise();   // as the data center does: headers (priority, study UID) are read before RETR
        mail = new TestMail();
        relay = new CuttingRelay(mail.pop3().port());
        ViewerConfig config = new ViewerConfig(dir.resolve("viewer"), mail.pop3Via(relay.port()), mail.smtp(),
                GreenMailTls.trustStore(), GreenMailTls.PASSWORD, Duration.ofHours(1), "127.0.0.1", 0, "Dr. Ada Reader",
                TestMail.VIEWER, "");
        agent = ViewerAgent.start(config);
        // The poll at start-up (an empty mailbox) is over before a test arms the relay for its own poll.
        await().atMost(Duration.ofSeconds(30)).until(() -> agent.poller().lastResult().isPresent());
        browser = Chromium.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (agent != null) {
            agent.close();
        }
        if (relay != null) {
            relay.close();
        }
        if (mail != null) {
            mail.close();
        }
    }

    @Test
    void anOpenPartialStudyTakesInImagesThatArriveLaterAndKeepsTheRadiologistsPlace() throws Exception {
        SampleStudy study = SampleStudy.of("CT", "PID-ARRIVE-1", "ARRIVING^ANNA", "ACC-ARRIVE-1");
        List<Path> parts = parts(study, 6, Priority.ROUTINE, "arrive");
        assertThat(parts).as("one image per part").hasSize(6);
        mail.deliver(parts.get(0));
        mail.deliver(parts.get(1));
        agent.pollNow();

        browser.get(agent.url() + "study/" + study.studyInstanceUid());
        waitForImage();
        String firstCount = text(".study-head .count");
        screenshot("study-partial");
        assertThat(firstCount).startsWith("Images ").endsWith(" / 6").isNotEqualTo("Images 6 / 6");
        // The radiologist's place: image 2, the lung window, zoomed in, a measurement drawn but not saved yet.
        WebElement stage = browser.findElement(By.id("stage"));
        String image1 = loadedImage();
        new Actions(browser).moveToElement(stage).sendKeys(Keys.ARROW_DOWN).perform();
        wait.until(d -> text("position").startsWith("Image 2 / "));
        // The position line changes when image 2 is asked for; it is shown once its PNG has loaded.
        wait.until(d -> !loadedImage().isEmpty() && !loadedImage().equals(image1));
        String image2 = loadedImage();
        browser.findElement(By.cssSelector("button.preset[data-preset='LUNG']")).click();
        wait.until(d -> text("window").equals("C -600 / W 1500"));
        browser.findElement(By.id("zoom-in")).click();
        String zoom = text("zoom");
        browser.findElement(By.cssSelector("button.tool[data-tool='line']")).click();
        new Actions(browser).moveToElement(stage, -100, 50).clickAndHold().moveByOffset(150, 0).release().perform();
        assertThat(browser.findElements(By.cssSelector("#overlay .shape"))).hasSize(1);
        browser.executeScript("window.radpostSamePage = 'yes';");

        // Two more parts: the page takes them in and still says the study is arriving.
        mail.deliver(parts.get(2));
        mail.deliver(parts.get(3));
        agent.pollNow();
        wait.until(d -> text(".study-head .count").equals("Images 4 / 6"));
        assertPlaceKept(image2, zoom, 4);
        assertThat(browser.findElement(By.id("arriving")).isDisplayed()).isTrue();
        screenshot("study-new-images-arrived");

        // The rest: complete, the badge goes, the page stops asking.
        for (Path part : parts.subList(4, parts.size())) {
            mail.deliver(part);
        }
        agent.pollNow();
        wait.until(d -> text(".study-head .count").equals("Images 6 / 6"));
        assertPlaceKept(image2, zoom, 6);
        assertThat(browser.findElement(By.id("arriving")).isDisplayed()).isFalse();
        wait.until(d -> "stopped".equals(browser.findElement(By.id("study")).getAttribute("data-polling")));
        screenshot("study-complete");
        // The new images are there to scroll to.
        for (int i = 3; i <= 6; i++) {
            new Actions(browser).moveToElement(stage).sendKeys(Keys.ARROW_DOWN).perform();
            int expected = i;
            wait.until(d -> text("position").equals("Image " + expected + " / 6"));
        }
        waitForImage();
    }

    /** Still image 2 of the series, the lung window, the same zoom, the unsaved measurement, the same page. */
    private static void assertPlaceKept(String image2, String zoom, int images) {
        assertThat(text("position")).isEqualTo("Image 2 / " + images);
        assertThat(loadedImage()).isEqualTo(image2);
        assertThat(text("window")).isEqualTo("C -600 / W 1500");
        assertThat(text("zoom")).isEqualTo(zoom);
        assertThat(browser.findElements(By.cssSelector("#overlay .shape"))).hasSize(1);
        assertThat(browser.findElement(By.cssSelector("button.series.active")).getText()).contains(images + " image(s)");
        assertThat(browser.executeScript("return window.radpostSamePage;")).as("no reload").isEqualTo("yes");
    }

    @Test
    void theWorklistSaysWhatIsDownloadingAndHowFarItIs() throws Exception {
        SampleStudy study = SampleStudy.of("MR", "PID-DOWNLOAD-1", "DOWNLOAD^DORA", "ACC-DOWNLOAD-1");
        List<Path> parts = parts(study, 6, Priority.STAT, "download");
        assertThat(parts).hasSizeGreaterThanOrEqualTo(3);
        int n = parts.size();
        browser.get(agent.url().toString());
        wait.until(d -> text(".poll-status").startsWith("Last mail check"));
        // Hold the session in the middle of the second message (its first is then committed and in the worklist).
        relay.holdNextConnection(Files.size(parts.get(0)) + Files.size(parts.get(1)) / 2);
        for (Path part : parts) {
            mail.deliver(part);
        }
        Future<PollResult> poll = agent.poller().pollSoon();
        try {
            await().atMost(Duration.ofSeconds(60)).until(relay::isHolding);
            Pattern progress = Pattern.compile("Downloading message 2 of " + n + " — ([0-9.]+) (kB|MB) of ([0-9.]+) (kB|MB) \\(STAT\\)"
                    + " for DOWNLOAD, DORA · ([0-9.]+) (kB|MB) left in this mail check");
            wait.until(d -> {
                Matcher m = progress.matcher(text(".poll-status"));
                return m.find() && Double.parseDouble(m.group(1)) > 0;
            });
            wait.until(d -> !browser.findElements(By.cssSelector("tr[data-study='" + study.studyInstanceUid() + "']")).isEmpty());
            Matcher shown = progress.matcher(text(".poll-status"));
            assertThat(shown.find()).isTrue();
            assertThat(bytes(shown.group(1), shown.group(2))).isLessThan(bytes(shown.group(3), shown.group(4)));
            assertThat(bytes(shown.group(5), shown.group(6))).isGreaterThan(bytes(shown.group(3), shown.group(4)) / 2);
            screenshot("worklist-downloading");
        } finally {
            relay.releaseHold();
        }
        assertThat(poll.get(60, TimeUnit.SECONDS).stored()).isEqualTo(n);
        wait.until(d -> text(".poll-status").startsWith("Last mail check") && text(".poll-status").contains(n + " new message(s)"));
    }

    /** The study packaged into parts under a small size cap, written but not delivered. */
    private static List<Path> parts(SampleStudy study, int images, Priority priority, String name) throws Exception {
        List<Path> files = study.writeImages(dir.resolve("dicom-" + name), images);
        StudyBatch batch = new StudyScanner().scan(files).studies().get(0);
        return new MessageWriter(PART_CAP).write(new Addressing(TestMail.CENTER, TestMail.VIEWER, priority), batch,
                dir.resolve("eml-" + name));
    }

    private static double bytes(String number, String unit) {
        return Double.parseDouble(number) * (unit.equals("MB") ? 1_000_000 : 1_000);
    }

    /** The text of the element with this id, or of the first one matching a CSS selector (".poll-status"). */
    private static String text(String idOrSelector) {
        return String.valueOf(browser.executeScript("const e = arguments[0].startsWith('.')"
                + " ? document.querySelector(arguments[0]) : document.getElementById(arguments[0]);"
                + " return e ? e.innerText.trim() : '';", idOrSelector));
    }

    private static String loadedImage() {
        return String.valueOf(browser.executeScript("return document.getElementById('image').dataset.loaded || ''"));
    }

    private static void waitForImage() {
        wait.until(d -> !loadedImage().isEmpty());
    }

    private static void screenshot(String name) throws Exception {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
