package org.radpost.viewer.web;

import org.radpost.testkit.Chromium;

import org.radpost.viewer.GreenMailTls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.radpost.wire.Priority;
import org.radpost.wire.WireHeaders;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.StudyScanner;
import org.radpost.testkit.SampleStudy;
import org.radpost.viewer.TestMail;
import org.radpost.viewer.TestStudies;
import org.radpost.viewer.ViewerAgent;
import org.radpost.viewer.config.ViewerConfig;
import org.radpost.viewer.store.StudyStatus;

/** The radiologist's path in headless Chromium: worklist → study → window → annotate → report → sent. */
class ViewerPageBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    @TempDir
    static Path dir;

    static TestMail mail;
    static ViewerAgent agent;
    static ChromeDriver browser;
    static WebDriverWait wait;
    static SampleStudy ct;
    static SampleStudy mr;
    static String j2kStudy;

    @BeforeAll
    static void start() throws Exception {
        mail = new TestMail();
        ViewerConfig config = new ViewerConfig(dir.resolve("viewer"), mail.pop3(), mail.smtp(), GreenMailTls.trustStore(),
                GreenMailTls.PASSWORD, Duration.ofHours(1), "127.0.0.1", 0, "Dr. Ada Reader", TestMail.VIEWER, "");
        mr = SampleStudy.of("MR", "PID-MR-1", "SMITH^JOHN", "ACC-MR-1");
        mail.deliverStudy(mr, 3, MessageWriter.DEFAULT_SIZE_CAP, Priority.ROUTINE, dir);
        ct = SampleStudy.ct();
        mail.deliverStudy(ct, 5, MessageWriter.DEFAULT_SIZE_CAP, Priority.STAT, dir);
        Path j2k = TestStudies.jpeg2000Image(dir.resolve("j2k"));
        var batch = new StudyScanner().scan(List.of(j2k)).studies().get(0);
        j2kStudy = batch.studyUid().value();
        for (Path eml : new MessageWriter().write(new Addressing(TestMail.CENTER, TestMail.VIEWER, Priority.ROUTINE), batch,
                dir.resolve("j2k-eml"))) {
            mail.deliver(eml);
        }
        agent = ViewerAgent.start(config);
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.studies().find(
                org.radpost.wire.StudyUid.of(j2kStudy)).isPresent() && agent.studies().find(
                org.radpost.wire.StudyUid.of(ct.studyInstanceUid())).map(s -> s.complete()).orElse(false));

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
        if (mail != null) {
            mail.close();
        }
    }

    @Test
    void radiologistOpensWindowsAnnotatesAndReportsAStatStudy() throws Exception {
        browser.get(agent.url().toString());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr.study")));
        List<String> rows = worklistRows();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).startsWith(ct.studyInstanceUid() + "|"); // STAT first
        assertThat(rows.get(0)).contains("STAT", "DOE, JANE", "5 / 5", "new");
        screenshot("1-worklist");

        browser.findElement(By.id("search")).sendKeys("smith");
        browser.findElement(By.cssSelector("form.filter button")).click();
        wait.until(d -> worklistRows().size() == 1);
        assertThat(worklistRows().get(0)).contains("SMITH, JOHN");
        browser.get(agent.url().toString());

        browser.findElement(By.cssSelector("tr[data-study='" + ct.studyInstanceUid() + "'] a.open")).click();
        waitForImage();
        assertThat(distinctGraysOnScreen()).isGreaterThan(20);
        assertThat(browser.findElement(By.id("attributes")).getText()).contains("Patient ID", "Pixel spacing", "0.5\\0.5");
        assertThat(browser.findElement(By.id("window")).getText()).isEqualTo("C 40 / W 400");
        screenshot("2-study");

        browser.findElement(By.cssSelector("button.preset[data-preset='LUNG']")).click();
        wait.until(d -> d.findElement(By.id("window")).getText().equals("C -600 / W 1500"));
        browser.findElement(By.cssSelector("button.preset[data-preset='SOFT_TISSUE']")).click();
        WebElement stage = browser.findElement(By.id("stage"));
        new Actions(browser).moveToElement(stage, 0, 0).clickAndHold().moveByOffset(60, -30).release().perform();
        wait.until(d -> !d.findElement(By.id("window")).getText().equals("C 40 / W 400"));
        String before = browser.findElement(By.id("position")).getText();
        new Actions(browser).moveToElement(stage).sendKeys(org.openqa.selenium.Keys.ARROW_DOWN).perform();
        wait.until(d -> d.findElement(By.id("position")).getText().startsWith("Image 2 / 5"));
        assertThat(before).startsWith("Image 1 / 5");
        waitForImage();

        browser.findElement(By.cssSelector("button.tool[data-tool='line']")).click();
        new Actions(browser).moveToElement(stage, -150, 100).clickAndHold().moveByOffset(200, 0).release().perform();
        browser.findElement(By.cssSelector("button.tool[data-tool='arrow']")).click();
        browser.findElement(By.id("annotation-text")).sendKeys("nodule");
        new Actions(browser).moveToElement(stage, -200, -200).clickAndHold().moveByOffset(120, 120).release().perform();
        browser.findElement(By.cssSelector("button.tool[data-tool='ellipse']")).click();
        browser.findElement(By.id("annotation-text")).clear();
        new Actions(browser).moveToElement(stage, 40, -60).clickAndHold().moveByOffset(90, 60).release().perform();
        assertThat(browser.findElements(By.cssSelector("#overlay .shape"))).hasSizeGreaterThanOrEqualTo(4);
        assertThat(browser.findElement(By.id("overlay")).getText()).contains("mm", "nodule");
        browser.findElement(By.id("save-annotations")).click();
        wait.until(d -> d.findElement(By.id("annotation-status")).getText().startsWith("Saved 3 annotation(s)"));
        assertThat(browser.findElement(By.id("annotation-status")).getText()).contains("mm");
        screenshot("3-annotated");

        browser.findElement(By.id("findings")).sendKeys("8 mm nodule in the right upper lobe. No effusion.");
        browser.findElement(By.id("impression")).sendKeys("Indeterminate nodule; follow-up CT in 3 months.");
        // Submitting the form replaces the page: read the status only from the new page, never from the old one
        // that is going away (reading the old page's element as the new page arrives was the stale-element race).
        WebElement statusBeforeSubmit = browser.findElement(By.id("study-status"));
        browser.findElement(By.id("send-report")).click();
        wait.until(ExpectedConditions.stalenessOf(statusBeforeSubmit));
        assertThat(browser.findElement(By.id("study-status")).getText()).isEqualTo("reported");
        waitForImage();
        assertThat(browser.findElement(By.cssSelector("article.report")).getText()).contains("8 mm nodule", "follow-up CT");
        screenshot("4-reported");

        await().atMost(Duration.ofSeconds(20)).until(() -> centerMailTypes().size() >= 3);
        assertThat(centerMailTypes()).containsExactlyInAnyOrder("receipt", "overlay", "report");
        assertThat(agent.studies().find(org.radpost.wire.StudyUid.of(ct.studyInstanceUid())).orElseThrow().status())
                .isEqualTo(StudyStatus.REPORTED);
        browser.navigate().refresh();
        wait.until(d -> d.findElement(By.id("outgoing")).getText().split("sent").length >= 3);
        screenshot("5-sent");
    }

    @Test
    void saysPlainlyWhenAnImageCannotBeDisplayed() throws Exception {
        browser.get(agent.url() + "study/" + j2kStudy);
        WebElement message = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("message")));
        assertThat(message.getText()).startsWith("cannot display this image: its pixel data is JPEG 2000");
        assertThat(browser.findElement(By.id("attributes")).getText()).contains("JPEG 2000");
        screenshot("6-cannot-display");
    }

    /**
     * The worklist's rows as "studyUid|text", read in one script run: the page refreshes its rows in the
     * background, so reading them element by element could meet a row that was just replaced.
     */
    @SuppressWarnings("unchecked")
    private static List<String> worklistRows() {
        return (List<String>) browser.executeScript("return Array.from(document.querySelectorAll("
                + "'#worklist tbody tr.study')).map(r => r.dataset.study + '|' + r.innerText);");
    }

    private static void waitForImage() {
        wait.until(d -> !String.valueOf(((ChromeDriver) d).executeScript(
                "return document.getElementById('image').dataset.loaded || ''")).isEmpty());
    }

    /** Reads the rendered pixels back from the page (the PNG drawn onto a canvas) and counts distinct grays. */
    private static long distinctGraysOnScreen() {
        Object count = browser.executeScript(
                "const img = document.getElementById('image');"
                        + "const c = document.createElement('canvas'); c.width = img.naturalWidth; c.height = img.naturalHeight;"
                        + "const g = c.getContext('2d'); g.drawImage(img, 0, 0);"
                        + "const d = g.getImageData(0, 0, c.width, c.height).data; const seen = new Set();"
                        + "for (let i = 0; i < d.length; i += 4) seen.add(d[i]); return seen.size;");
        return ((Number) count).longValue();
    }

    /** Object types of the messages the center received about the CT study. */
    private static List<String> centerMailTypes() throws Exception {
        List<String> types = new java.util.ArrayList<>();
        for (MimeMessage m : mail.greenMail.getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equals(TestMail.CENTER)
                    && ct.studyInstanceUid().equals(m.getHeader(WireHeaders.STUDY_UID, null))) {
                types.add(m.getHeader(WireHeaders.OBJECT_TYPE, null));
            }
        }
        return types;
    }

    private static void screenshot(String name) throws Exception {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

}
