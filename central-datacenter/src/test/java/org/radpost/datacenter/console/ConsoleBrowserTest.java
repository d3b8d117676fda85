package org.radpost.datacenter.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.testkit.Chromium;
import org.radpost.testkit.SampleStudy;

/**
 * Headless Debian Chromium drives the real console of a real data center (MariaDB, SMTPS): an operator fixes and
 * releases a quarantined multi-part study and follows it in tracking, is refused the directory; a manager grants a
 * route and the center's next study takes it; an admin sees users and the audit. Every page is saved as a screenshot
 * under target/screenshots.
 */
class ConsoleBrowserTest {
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

    private void shot(String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    private void signIn(String user) {
        browser.get(base + "/login");
        browser.findElement(By.name("username")).sendKeys(user);
        browser.findElement(By.name("password")).sendKeys(ConsoleFixture.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        // The next page must have loaded (it has the sign-out form) before the test looks for its links.
        Chromium.waitFor(browser, By.cssSelector("form.who button"));
    }

    private void signOut() {
        browser.findElement(By.cssSelector("form.who button")).click();
        Chromium.waitFor(browser, By.name("username"));
    }

    /** Clicks what navigates to another page and waits until that page shows {@code next}. */
    private WebElement clickThen(WebElement link, By next) {
        link.click();
        return Chromium.waitFor(browser, next);
    }

    @Test
    void operatorFixesAndReleasesAQuarantinedStudyAndAManagerGrantsARoute() throws Exception {
        SampleStudy study = SampleStudy.of("CT", "PID-B1", "BROWN^BETTY", "ACC-B1");
        Path folder = dir.resolve("study1");
        study.size(512, 512).writeImages(folder, 3);
        fixture.send(folder, DataCenterFixture.OTHER_VIEWER, 600_000);
        fixture.drain();

        browser.get(base + "/login");
        shot("01-login");
        signIn("operator");
        assertThat(browser.getCurrentUrl()).endsWith("/quarantine");
        List<WebElement> rows = browser.findElements(By.cssSelector("#quarantine tbody tr"));
        assertThat(rows).as("one row for the three-part study").hasSize(1);
        assertThat(rows.get(0).getText()).contains("BROWN, BETTY").contains("ACC-B1").contains("c1").contains("CT")
                .contains("unauthorized-route");
        shot("02-quarantine");

        Select viewer = new Select(clickThen(rows.get(0).findElement(By.linkText("Fix…")), By.id("release-viewer")));
        assertThat(viewer.getOptions()).extracting(WebElement::getText).singleElement().asString().contains("v1");
        assertThat(browser.findElements(By.id("grant-viewer"))).as("an operator may not grant routes").isEmpty();
        shot("03-quarantine-study");
        assertThat(clickThen(browser.findElement(By.id("release")), By.cssSelector(".flash")).getText()).contains("released to v1");
        assertThat(browser.findElements(By.cssSelector("#quarantine tbody tr"))).isEmpty();
        shot("04-released");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> fixture.count("select count(*) from delivery where kind = 'STUDY'"
                + " and mailbox = '" + DataCenterFixture.VIEWER + "' and study_uid = '" + study.studyInstanceUid() + "'") == 3);

        clickThen(browser.findElement(By.linkText("Tracking")), By.name("accession")).sendKeys("ACC-B1");
        browser.findElement(By.cssSelector("form.search button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.urlContains("accession=ACC-B1"));
        Chromium.waitFor(browser, By.cssSelector("#studies tbody tr"));
        List<WebElement> found = browser.findElements(By.cssSelector("#studies tbody tr"));
        assertThat(found).hasSize(1);
        assertThat(found.get(0).getText()).contains("BROWN, BETTY").contains("viewer1@radpost.test");
        shot("05-tracking");
        String header = clickThen(found.get(0).findElement(By.tagName("a")), By.cssSelector("section.header")).getText();
        assertThat(header).contains("BROWN, BETTY").contains("ACC-B1").contains("c1").contains("viewer1@radpost.test").contains("ROUTINE");
        String timeline = browser.findElement(By.id("timeline")).getText();
        assertThat(timeline).contains("QUARANTINED").contains("FIXED").contains("ROUTED");
        assertThat(browser.findElements(By.cssSelector("#timeline tbody tr")).size()).isLessThan(15);
        assertThat(browser.findElement(By.id("deliveries")).getText()).contains("viewer1@radpost.test");
        shot("06-study");

        assertThat(clickThen(browser.findElement(By.linkText("Operations")), By.id("queues")).getText()).contains("done");
        assertThat(browser.findElement(By.id("volume")).getText()).contains("c1").contains("CT");
        shot("06b-operations");

        browser.get(base + "/directory");
        assertThat(Chromium.waitFor(browser, By.tagName("h1")).getText()).startsWith("403");
        assertThat(browser.getPageSource()).contains("does not include the Directory pages");
        shot("07-operator-refused-directory");
        signOut();

        signIn("manager");
        clickThen(browser.findElement(By.linkText("Directory")), By.id("grant-center"));
        shot("08-directory");
        new Select(browser.findElement(By.id("grant-center"))).selectByValue("c1");
        new Select(browser.findElement(By.id("grant-to"))).selectByValue("v2");
        browser.findElement(By.id("grant-modality")).sendKeys("CT");
        assertThat(clickThen(browser.findElement(By.id("grant")), By.cssSelector(".flash")).getText()).contains("Center c1 may now send CT");
        assertThat(browser.findElement(By.id("grants")).getText()).contains("v2").contains("CT");
        shot("09-granted");

        SampleStudy next = SampleStudy.of("CT", "PID-B2", "BLACK^BOB", "ACC-B2");
        Path folder2 = dir.resolve("study2");
        next.size(256, 256).writeImages(folder2, 2);
        fixture.send(folder2, DataCenterFixture.OTHER_VIEWER, 20_000_000);
        fixture.drain();
        assertThat(fixture.dataCenter.quarantine().studies(null)).as("the new route is used without a restart").isEmpty();
        assertThat(fixture.count("select count(*) from delivery where kind = 'STUDY' and mailbox = '" + DataCenterFixture.OTHER_VIEWER
                + "' and study_uid = '" + next.studyInstanceUid() + "'")).isEqualTo(1);
        signOut();

        signIn("admin");
        assertThat(clickThen(browser.findElement(By.linkText("Users")), By.id("users")).getText()).contains("operator").contains("manager").contains("admin");
        shot("10-users");
        String audit = clickThen(browser.findElement(By.linkText("Audit")), By.id("audit")).getText();
        assertThat(audit).contains("quarantine-release").contains("authorize").contains("operator").contains("manager");
        shot("11-audit");
    }
}
