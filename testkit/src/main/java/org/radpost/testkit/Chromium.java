package org.radpost.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's headless Chromium driven by Selenium, set up as this machine needs it (no downloads, no sandbox as root). */
public final class Chromium {
    private Chromium() {}

    /** Starts a fresh headless browser with an empty profile and a 1440x900 window. */
    public static ChromeDriver start() throws IOException {
        return start(false);
    }

    /**
     * As {@link #start()}; {@code acceptInsecureCerts} lets it open HTTPS pages whose certificate comes from a test's own
     * deployment CA, which Chromium's trust store does not hold.
     */
    public static ChromeDriver start(boolean acceptInsecureCerts) throws IOException {
        System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        System.setProperty("SE_OFFLINE", "true");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        // Without the background-networking flags Chromium keeps dialling out, which this closed network refuses.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        options.setAcceptInsecureCerts(acceptInsecureCerts);
        ChromeDriver browser = new ChromeDriver(options);
        browser.manage().window().setSize(new Dimension(1440, 900));
        return browser;
    }

    /**
     * The element once the page shows it. A click on a form's button returns before the next page has loaded (on a
     * busy machine, seconds before), so a test looks for what the next page shows through this, not findElement. On a
     * timeout the error carries the page the browser does show, so a red run says what went wrong.
     */
    public static WebElement waitFor(WebDriver browser, By what) {
        try {
            return new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> {
                var found = d.findElements(what);
                return found.isEmpty() ? null : found.get(0);
            });
        } catch (TimeoutException e) {
            String shown = browser.findElements(By.tagName("body")).stream().map(WebElement::getText).findFirst().orElse("");
            throw new AssertionError("after 30 s the page " + browser.getCurrentUrl() + " still shows no " + what
                    + "; it shows:\n" + shown, e);
        }
    }
}
