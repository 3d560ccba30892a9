package dev.hanlm.studio.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The playground end to end in headless Chromium over the bundled model. With {@code -Dhanlm.screenshots=DIR} it also
 * saves the main screens there (docs/images is where the docs take them from).
 */
class StudioBrowserTest extends StudioPageTest {
    private static final String XSS = "<img src=x onerror=\"window.xss=1\">";
    /** A preset and seed on which the bundled model writes a Korean sentence (on the persona chatbot it ends at once). */
    private static final String PRESET = "summarization", SEED = "2";
    @Test
    void pickAPresetRunItAndSeeStreamedTokensWithTheirProbabilities() throws Exception {
        driver = Browser.start(1280, 800);
        open();
        ObjectNode preset = Presets.all().stream().filter(p -> p.get("id").asText().equals(PRESET)).findFirst().orElseThrow();
        new Select(driver.findElement(By.id("preset"))).selectByValue(PRESET);
        assertEquals(preset.at("/prompt/instruction").asText(), driver.findElement(By.id("instruction")).getDomProperty("value"));
        assertEquals(preset.at("/prompt/examples").size(), driver.findElements(By.cssSelector("#examples .example-input")).size());
        waitFor(d -> d.findElement(By.id("assembled")).getText().contains(preset.at("/input").asText()) ? true : null);
        String count = driver.findElement(By.id("token-count")).getDomAttribute("data-count");
        assertTrue(Integer.parseInt(count) > 20, count); // the preset's prompt, not the empty one before it
        Browser.screenshot(driver, "studio-playground-preset.png");

        driver.findElement(By.cssSelector("input[name=seed]")).sendKeys(SEED);
        driver.findElement(By.id("run")).click();
        waitFor(ExpectedConditions.attributeToBe(By.cssSelector(".result"), "data-state", "done"));
        List<WebElement> tokens = driver.findElements(By.cssSelector(".result .tokens .token"));
        String text = driver.findElement(By.cssSelector(".result .tokens")).getText();
        assertTrue(tokens.size() >= 5 && text.matches("(?s).*[가-힣].*"), "the model wrote Korean: " + text);
        for (WebElement token : tokens) {
            double p = Double.parseDouble(token.getDomAttribute("data-probability"));
            assertTrue(p > 0 && p <= 1, String.valueOf(p));
        }
        WebElement widest = tokens.stream().max(Comparator.comparingInt(t -> t.getSize().getWidth())).orElseThrow();
        new Actions(driver).moveToElement(widest).perform();
        WebElement tooltip = waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("tooltip")));
        assertTrue(tooltip.findElements(By.cssSelector("li")).size() >= 2, tooltip.getText());
        assertTrue(tooltip.getText().contains("%"), tooltip.getText());
        Browser.screenshot(driver, "studio-playground-run.png");
        assertEquals(1, driver.findElements(By.cssSelector("#history li button")).size(), "the run is in the history");
    }

    @Test
    void promptsAndOutputsAreShownAsTextNeverAsHtml() {
        driver = Browser.start(1280, 800);
        open();
        WebElement input = driver.findElement(By.id("input"));
        input.clear();
        input.sendKeys(XSS);
        WebElement start = driver.findElement(By.cssSelector("input[name=injectStartText]"));
        start.sendKeys(XSS); // the start text begins the output, so the output holds the markup too
        driver.findElement(By.cssSelector("input[name=maxTokens]")).clear();
        driver.findElement(By.cssSelector("input[name=maxTokens]")).sendKeys("3");
        input.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER)); // the run shortcut
        waitFor(ExpectedConditions.attributeToBe(By.cssSelector(".result"), "data-state", "done"));
        waitFor(d -> d.findElement(By.id("assembled")).getText().contains(XSS) ? true : null);
        assertTrue(driver.findElement(By.cssSelector(".result .tokens")).getText().startsWith(XSS));
        assertTrue(driver.findElements(By.cssSelector("main img, #tooltip img")).isEmpty(), "markup became an element");
        assertEquals(null, ((JavascriptExecutor) driver).executeScript("return window.xss ?? null"));
    }

    @Test
    void englishToggleRedrawsWhatWasShownAndFitsANarrowScreen() throws Exception {
        driver = Browser.start(390, 844);
        open();
        waitFor(ExpectedConditions.attributeToBe(By.tagName("body"), "data-apps-ready", "true"));
        assertEquals("실행", driver.findElement(By.id("run")).getText());
        driver.findElement(By.id("compare")).click();
        assertEquals(List.of("설정 A", "설정 B"), paneTitles());
        driver.findElement(By.cssSelector("[role=tab][data-tab=tuning]")).click();
        driver.findElement(By.id("tune-start")).click(); // no file chosen: a notice
        assertEquals("파일을 고르세요", driver.findElement(By.id("notice")).getText());
        driver.findElement(By.cssSelector("[role=tab][data-tab=playground]")).click();

        driver.findElement(By.id("language")).click();
        assertEquals("Run", driver.findElement(By.id("run")).getText());
        assertEquals("en", driver.findElement(By.tagName("html")).getDomAttribute("lang"));
        assertEquals(List.of("Settings A", "Settings B"), paneTitles());
        assertEquals("Choose a file", driver.findElement(By.id("notice")).getText());
        assertEquals("", Browser.untranslated(driver, "header, #notice, #tab-playground"), "text left in Korean");
        assertEquals(2, driver.findElements(By.cssSelector(".parameter-set")).size());
        long overflow = (Long) ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertEquals(0, overflow, "the page is wider than a phone's screen");
        Browser.resize(driver, 390, 1400);
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        Browser.screenshot(driver, "studio-playground-mobile-en.png");
    }

    private List<String> paneTitles() {
        return driver.findElements(By.cssSelector(".result h3")).stream().map(WebElement::getText).toList();
    }

    private void open() {
        open("data-ready");
    }
}
