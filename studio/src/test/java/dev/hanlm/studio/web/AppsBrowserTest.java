package dev.hanlm.studio.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The Apps side end to end in headless Chromium over the bundled model: an App saved from the playground, deployed with
 * a key made in the UI, called over HTTP and rolled back; evaluation and p-tuning in the UI; the language toggle and a
 * phone's width. With {@code -Dhanlm.screenshots=DIR} it saves the Apps, keys, evaluation and tuning screens there.
 */
class AppsBrowserTest extends StudioPageTest {
    private static final String XSS = "<img src=x onerror=\"window.xss=1\">";
    /** The elements that reach past the right edge of the screen, when the page scrolls sideways. */
    private static final String TOO_WIDE = """
            const width = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth <= width) return '';
            return [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > width + 1)
                .map(e => e.tagName + '#' + e.id + '.' + e.className).join(', ');""";
    @Test
    void saveDeployCallAndRollBackAnAppWhoseTextStaysText() throws Exception {
        driver = Browser.start(1280, 800);
        open();
        type(By.id("instruction"), "리뷰에 답하세요 " + XSS);
        type(By.cssSelector("#parameters input[name=maxTokens]"), "2");
        type(By.cssSelector("#parameters input[name=injectStartText]"), "하나");
        saveFromPlayground("review", 1);
        tab("playground");
        type(By.cssSelector("#parameters input[name=injectStartText]"), XSS); // the output starts with the start text
        saveFromPlayground("review", 2);
        pointProductionAt("1");
        pointProductionAt("2");

        tab("keys");
        type(By.id("key-name"), "browser");
        driver.findElement(By.id("key-create")).click();
        String secret = waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("key-secret-value"))).getText();
        assertTrue(secret.matches("hanlm-[A-Za-z0-9_-]{32}"), secret);
        waitFor(d -> d.findElements(By.cssSelector("#key-list tr[data-key=browser]")).isEmpty() ? null : true);
        assertTrue(driver.findElement(By.id("key-list")).getText().contains(secret.substring(0, 10)));
        Browser.screenshot(driver, "studio-keys.png");
        driver.navigate().refresh();
        open();
        assertFalse(driver.getPageSource().contains(secret), "the secret is shown once");

        JsonNode answer = complete("review", secret);
        assertEquals(List.of(2, "production"), List.of(answer.get("version").asInt(), answer.get("label").asText()));
        assertTrue(answer.get("output").asText().startsWith(XSS), answer.toString());

        tab("apps");
        driver.findElement(By.cssSelector("#app-list button[data-app=review]")).click();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#app-versions tr[data-version='2']")));
        type(By.id("deploy-key"), secret);
        type(By.id("deploy-input"), "재밌어요");
        driver.findElement(By.id("deploy-call")).click();
        waitFor(ExpectedConditions.attributeToBe(By.id("deploy-output"), "data-version", "2"));
        assertTrue(driver.findElement(By.id("deploy-output")).getText().startsWith(XSS));
        driver.findElement(By.cssSelector("#app-versions tr[data-version='2'] button")).click(); // shows the spec
        assertTrue(driver.findElement(By.id("app-spec")).getText().contains("<img src=x onerror="));
        assertTrue(driver.findElement(By.id("app-versions")).getText().contains(XSS));
        assertTrue(driver.findElements(By.cssSelector("main img")).isEmpty(), "markup became an element");
        assertEquals(null, ((JavascriptExecutor) driver).executeScript("return window.xss ?? null"));

        driver.findElement(By.id("app-rollback-production")).click();
        waitFor(d -> labelsOf("1").equals("production") ? true : null);
        answer = complete("review", secret);
        assertEquals(1, answer.get("version").asInt());
        assertTrue(answer.get("output").asText().startsWith("하나"), answer.toString());
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        Browser.screenshot(driver, "studio-apps.png");
    }

    @Test
    void tuneAttachAndEvaluateThenSwitchToEnglishOnAPhone(@TempDir Path files) throws Exception {
        String csrf = web.session();
        HttpResponse<String> saved = web.post("/api/apps/sentiment/versions", WebFixture.JSON.writeValueAsString(Map.of("spec", Map.of(
                "prompt", Map.of("instruction", "Sentiment of the review"), "parameters", Map.of("maxTokens", 2), "model", web.model))), csrf);
        assertEquals(201, saved.statusCode(), saved.body());
        StringBuilder train = new StringBuilder("input,label\n");
        for (int i = 0; i < 4; i++) train.append("정말 재밌어요 ").append(i).append(",pos\n지루했어요 ").append(i).append(",neg\n");
        Path trainFile = Files.writeString(files.resolve("train.csv"), train);
        Path testFile = Files.writeString(files.resolve("test.csv"), "input,label\n최고예요,pos\n별로예요,neg\n또 볼래요,pos\n");

        driver = Browser.start(1280, 800);
        open();
        tab("tuning");
        assertEquals("P-튜닝", driver.findElement(By.cssSelector("#tab-tuning h2")).getText());
        driver.findElement(By.id("tune-file")).sendKeys(trainFile.toString());
        type(By.id("tune-steps"), "2");
        type(By.id("tune-tokens"), "2");
        driver.findElement(By.id("tune-start")).click();
        WebElement attach = waitFor(ExpectedConditions.elementToBeClickable(By.cssSelector("#tuned-prompts button[data-prompt]")));
        assertTrue(driver.findElement(By.id("tune-log")).getText().startsWith("스텝"), driver.findElement(By.id("tune-log")).getText());
        Browser.screenshot(driver, "studio-tuning.png");
        new Select(driver.findElement(By.cssSelector("#tuned-prompts select"))).selectByValue("sentiment");
        attach.click();

        tab("apps");
        By app = By.cssSelector("#app-list button[data-app=sentiment]");
        waitFor(d -> d.findElement(app).getText().contains("v2") ? true : null); // the attached prompt is version 2
        driver.findElement(app).click();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#app-versions tr[data-version='2']")));
        assertEquals("2", new Select(driver.findElement(By.id("app-version"))).getFirstSelectedOption().getDomAttribute("value"));
        driver.findElement(By.id("eval-file")).sendKeys(testFile.toString());
        driver.findElement(By.id("eval-run")).click();
        WebElement run = waitFor(ExpectedConditions.presenceOfElementLocated(By.xpath("//table[@id='eval-list']//td[.='v2']/..")));
        assertTrue(run.getText().contains("test.csv"), run.getText());
        run.click();
        WebElement rows = waitFor(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#eval-rows table")));
        assertEquals(4, rows.findElements(By.tagName("tr")).size(), rows.getText());
        for (WebElement output : rows.findElements(By.cssSelector("td:nth-child(3)"))) {
            assertTrue(List.of("pos", "neg").contains(output.getText()), rows.getText()); // a classifier answers with a label
        }
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", driver.findElement(By.id("eval-list")));
        Browser.screenshot(driver, "studio-evaluation.png");

        driver.findElement(By.id("language")).click();
        assertEquals("P-tuning", driver.findElement(By.cssSelector("#tab-tuning h2")).getDomProperty("textContent"));
        // the parts drawn from the server's answers redraw when those answers come back
        waitFor(ExpectedConditions.textToBe(By.xpath("//table[@id='eval-list']/ancestor::section/h3"), "Evaluation"));
        waitFor(ExpectedConditions.attributeToBe(By.cssSelector("#tuned-prompts button[data-prompt]"), "textContent", "Attach to App")); // hidden tabs
        waitFor(ExpectedConditions.attributeToBe(By.cssSelector("#key-list th"), "textContent", "Name"));
        assertEquals("", Browser.untranslated(driver, "#tab-apps, #tab-keys, #tab-tuning"), "text left in Korean");

        Browser.resize(driver, 390, 844);
        for (String name : List.of("keys", "tuning", "apps")) {
            tab(name);
            assertEquals("", ((JavascriptExecutor) driver).executeScript(TOO_WIDE), "the " + name + " tab is wider than a phone's screen");
        }
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        Browser.resize(driver, 390, 1400);
        Browser.screenshot(driver, "studio-apps-mobile-en.png");
    }

    /** Presses "save as App" in the playground and saves it under name, which then has this many versions. */
    private void saveFromPlayground(String name, int versions) {
        driver.findElement(By.id("save-app")).click();
        WebElement field = waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("app-name")));
        field.clear();
        field.sendKeys(name);
        driver.findElement(By.id("app-save")).click();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#app-versions tr[data-version='" + versions + "']")));
    }

    private void pointProductionAt(String version) {
        new Select(driver.findElement(By.id("app-version"))).selectByValue(version);
        driver.findElement(By.id("app-set-label")).click();
        waitFor(d -> labelsOf(version).equals("production") ? true : null);
    }

    /** The labels column of a version's row. */
    private String labelsOf(String version) {
        return driver.findElement(By.cssSelector("#app-versions tr[data-version='" + version + "'] td:nth-child(2)")).getText();
    }

    private JsonNode complete(String app, String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(web.server.url() + "/api/apps/" + app + "/complete"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"input\": \"재밌어요\"}")).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return WebFixture.json(response);
    }

    private void type(By where, String text) {
        WebElement field = driver.findElement(where);
        field.clear();
        field.sendKeys(text);
    }

    private void tab(String name) {
        driver.findElement(By.cssSelector("[role=tab][data-tab=" + name + "]")).click();
    }

    private void open() {
        open("data-apps-ready");
    }
}
