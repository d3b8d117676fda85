package org.radpost.testkit;

import java.io.IOException;
import java.nio.file.Files;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;

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
}
