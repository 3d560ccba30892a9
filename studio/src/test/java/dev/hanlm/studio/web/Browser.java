package dev.hanlm.studio.web;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium driven through the system's chromedriver (never one Selenium Manager downloads): install
 * {@code chromium chromium-driver fonts-nanum}. Without them the browser tests are skipped, saying so, unless
 * {@code HANLM_REQUIRE_BROWSER} is set (as CI sets it), when they fail.
 */
final class Browser {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** The widest screen emulated as a phone's. */
    static final int PHONE_WIDTH = 480;

    private Browser() {}

    static ChromeDriver start(int width, int height) {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String missing = "the browser tests need Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver fonts-nanum)";
        if (System.getenv("HANLM_REQUIRE_BROWSER") != null && !present) throw new IllegalStateException(missing); // CI must not skip them
        assumeTrue(present, missing);
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=ko-KR",
                        "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        resize(driver, width, height);
        return driver;
    }

    /**
     * Makes the page's viewport exactly width x height CSS pixels (a window's size would include the browser's chrome);
     * a phone's width is a phone's screen (its scroll bars overlay the page).
     */
    static void resize(ChromeDriver driver, int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", width <= PHONE_WIDTH));
    }

    /** Saves what the browser shows as {@code name} under {@code -Dhanlm.screenshots=DIR}, written whole; nothing without it. */
    static void screenshot(ChromeDriver driver, String name) throws IOException {
        String dir = System.getProperty("hanlm.screenshots");
        if (dir == null) return;
        Path target = Path.of(dir).resolve(name);
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), name, ".tmp");
        Files.write(temp, driver.getScreenshotAs(OutputType.BYTES));
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The Hangul text under the elements that {@code roots} (CSS) selects, outside {@code pre}, {@code code} and
     * {@code [translate=no]} (the user's and the model's words): what the English page must not show.
     */
    static String untranslated(ChromeDriver driver, String roots) {
        return (String) driver.executeScript("""
                const out = [];
                for (const root of document.querySelectorAll(arguments[0])) {
                  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
                  for (let n; (n = walker.nextNode());) {
                    if (/[\\uAC00-\\uD7A3]/.test(n.data) && !n.parentElement.closest('pre, code, [translate=no]')) out.push(n.data);
                  }
                }
                return out.join(' | ');""", roots);
    }

    /** The bundled Korean model, found from the module's folder upwards. */
    static Path bundledModel() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path model = dir.resolve("models/hanlm-mini-ko");
            if (Files.isRegularFile(model.resolve("config.json"))) return model;
        }
        throw new IllegalStateException("the bundled model models/hanlm-mini-ko is not above " + Path.of("").toAbsolutePath());
    }
}
