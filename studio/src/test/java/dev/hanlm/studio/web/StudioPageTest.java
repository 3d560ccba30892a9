package dev.hanlm.studio.web;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A browser test of the Studio page: one server over the bundled model per class, a fresh browser per test. */
abstract class StudioPageTest {
    @TempDir
    static Path data;
    static WebFixture web;
    ChromeDriver driver;

    @BeforeAll
    static void start() {
        web = new WebFixture("hanlm-mini-ko", Browser.bundledModel(), data);
    }

    @AfterAll
    static void stop() {
        if (web != null) web.close();
    }

    @AfterEach
    void quit() {
        if (driver != null) driver.quit();
    }

    /** Opens the Studio and waits until the page has set {@code <body data-NAME="true">} (its scripts are ready). */
    void open(String readyAttribute) {
        driver.get(web.server.url() + "/");
        waitFor(ExpectedConditions.attributeToBe(By.tagName("body"), readyAttribute, "true"));
    }

    <T> T waitFor(Function<? super WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(60)).ignoring(StaleElementReferenceException.class).until(condition);
    }
}
