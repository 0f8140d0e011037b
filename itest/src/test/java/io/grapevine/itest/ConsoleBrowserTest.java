package io.grapevine.itest;

import static io.grapevine.itest.DeploymentLifecycleTest.compare;
import static io.grapevine.itest.DeploymentLifecycleTest.created;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import io.grapevine.itest.support.Await;
import io.grapevine.itest.support.Distribution;
import io.grapevine.itest.support.FreePort;
import io.grapevine.itest.support.Http;
import io.grapevine.itest.support.ModuleJars;
import io.grapevine.itest.support.NodeProcess;
import io.grapevine.itest.support.Nodes;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What an operator does in a real browser: Debian's Chromium, headless, driven through its
 * chromedriver. Logs in to the Web Console of a 3-node cluster, opens the Grapevine tab, uploads
 * the counter v2 bundle, watches all three nodes reach the new deployment, rolls back to v1 from
 * the history (accepting the confirmation) and sees v1 come back under a new deployment number.
 * Then installs a plain bundle with Felix's own Bundles page (it goes through, and Grapevine reverts
 * it), and opens another origin's page that makes the browser POST to the Bundles page (refused).
 * Last, a node stops: the tab's rollout bar counts 2/2 and lists it as left, without a reload.
 * Screenshots of each step go to {@code itest/target/screenshots/}.
 */
public class ConsoleBrowserTest {
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("GRAPEVINE_CHROMIUM", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("GRAPEVINE_CHROMEDRIVER",
            "/usr/bin/chromedriver"));
    private static final Duration CONVERGE = Duration.ofSeconds(90);
    private static final Pattern TOKEN = Pattern.compile("\\d{10,}-\\d+-[A-Za-z0-9._:]+");
    private static final String COUNTER = "io.grapevine.example.counter";

    private final Path screenshots = Distribution.targetDir().resolve("screenshots");

    @BeforeClass
    public static void needsChromiumAndChromedriver() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String why = "ConsoleBrowserTest SKIPPED: " + CHROMIUM + " or " + CHROMEDRIVER + " is missing and"
                    + " could not be installed (itest/src/test/sh/ensure-chromium.sh installs Debian's chromium and"
                    + " chromium-driver when run as root or with passwordless sudo)";
            System.out.println(why);
            Assume.assumeTrue(why, false);
        }
    }

    @Test
    public void deployFromTheConsoleWatchTheRolloutAndRollBackFromTheHistory() throws Exception {
        try (Nodes cluster = Nodes.start("browser", 3, List.of(List.of()))) {
            NodeProcess node = cluster.get(0);
            String d1 = created(node.deploy(ModuleJars.counter(1)));
            cluster.awaitAllOn(d1, CONVERGE);

            String d3;
            WebDriver browser = chromium();
            try {
                WebDriverWait wait = new WebDriverWait(browser, CONVERGE, Duration.ofMillis(200));
                node.awaitConsole(); // one page load: a 404 from before the console registered would stay
                browser.get("http://admin:" + NodeProcess.PASSWORD + "@127.0.0.1:" + node.port()
                        + "/system/console/grapevine");
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("grapevine-converged"),
                        "3/3 nodes on " + d1));
                assertBar(browser, 3, 0, 0, 3);
                shot(browser, "1-grapevine-tab-on-v1");

                Path v2 = Distribution.home().resolve("examples/counter-2.0.0.jar");
                browser.findElement(By.cssSelector("#grapevine-deploy input[type=file]")).sendKeys(v2.toString());
                browser.findElement(By.cssSelector("#grapevine-deploy button[type=submit]")).click();
                String deployed = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("grapevine-result")))
                        .getText();
                assertTrue(deployed, deployed.startsWith("Deployed " + COUNTER + " 2.0.0 as deployment "));
                String d2 = token(deployed);
                // The success stands out: the tab's stylesheet (linked from the console's head) makes it a green box.
                WebElement outcome = browser.findElement(By.id("grapevine-outcome"));
                assertTrue(outcome.getText(), outcome.getText().startsWith("\u2714 Done"));
                assertEquals("rgba(231, 246, 236, 1)", outcome.getCssValue("background-color"));
                assertTrue(compare(d2, d1) > 0);
                shot(browser, "2-deployed-v2");
                // The page's script redraws the cluster table as the rollout converges: no reload.
                ((JavascriptExecutor) browser).executeScript("window.grapevineNotReloaded = true;");
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("grapevine-converged"),
                        "3/3 nodes on " + d2));
                assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript(
                        "return window.grapevineNotReloaded === true;"));
                assertEquals(3, browser.findElements(By.xpath(
                        "//table[@id='grapevine-cluster']/tbody/tr[td[2]='" + d2 + "']")).size());
                shot(browser, "3-v2-on-all-three-nodes");

                browser.findElement(By.xpath("//table[@id='grapevine-history']/tbody/tr[td[1]='" + d1 + "']"
                        + "//button[text()='Roll back']")).click();
                Alert confirm = wait.until(ExpectedConditions.alertIsPresent());
                assertTrue(confirm.getText(), confirm.getText().startsWith("Roll back to " + d1 + "?"));
                confirm.accept();
                // Located afresh until the page after the redirect shows it (the old page had a result too).
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("grapevine-result"),
                        "Rolled back to " + d1 + " as new deployment "));
                String rolledBack = browser.findElement(By.id("grapevine-result")).getText();
                d3 = token(rolledBack.substring(rolledBack.indexOf(" as new deployment ")));
                assertTrue("a rollback is a new, higher deployment number", compare(d3, d2) > 0);
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("grapevine-converged"),
                        "3/3 nodes on " + d3));
                String modules = browser.findElement(By.id("grapevine-modules")).getText();
                assertTrue(modules, modules.contains(COUNTER + " 1.0.0"));
                assertBar(browser, 3, 0, 0, 3);
                shot(browser, "4-rolled-back-to-v1-on-all-three-nodes");

                bundlesPageInstallGoesThroughAndIsReverted(browser, wait, node);
                aForeignPagesPostIsRefused(browser, wait, node);
                aNodeThatLeavesIsListedApartAndNoLongerCounted(browser, wait, node, cluster.get(2), d3);
            } catch (Exception | AssertionError e) {
                shot(browser, "failure");
                throw e;
            } finally {
                browser.quit();
            }
            cluster.awaitAllOn(d3, CONVERGE);
            for (NodeProcess each : cluster.all().stream().filter(NodeProcess::alive).toList()) {
                String body = Http.get(each.url("/" + COUNTER + "/value")).body();
                assertEquals(body, "1.0.0", JsonParser.parseString(body).getAsJsonObject().get("version").getAsString());
            }
        }
    }

    /**
     * Felix's own Bundles page, as an operator uses it: its Install/Update dialog posts a plain bundle from the
     * page (same origin; the browser adds the console's SameSite cookie itself, Felix's page knows nothing of
     * it). The POST goes through, and Grapevine reverts the install.
     */
    private void bundlesPageInstallGoesThroughAndIsReverted(WebDriver browser, WebDriverWait wait, NodeProcess node)
            throws Exception {
        Path plain = Files.createTempFile(Distribution.targetDir(), "plain-", ".jar");
        Files.write(plain, ModuleJars.bundleWithoutModule());
        browser.get(node.url("/system/console/bundles"));
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.installButton"))).click();
        browser.findElement(By.cssSelector("#uploadDialog input[type=file]")).sendKeys(plain.toString());
        shot(browser, "5-bundles-page-install-dialog");
        browser.findElement(By.xpath("//div[contains(@class,'ui-dialog')]//button[normalize-space(.)='Install or Update']"))
                .click();
        Await.until("the Bundles page's install, reverted", CONVERGE, () -> Http.get(node.url("/core/events")).body()
                .contains("installed outside Grapevine through the Web Console from inputstream:" + plain.getFileName())
                ? true : null);
        wait.until(ExpectedConditions.urlContains("/system/console/bundles"));
        String page = browser.findElement(By.tagName("body")).getText();
        assertTrue(page, !page.contains("refused"));
        shot(browser, "6-bundles-page-after-install");
    }

    /**
     * A page of another origin (another port of the same host: the same site, so the browser sends the
     * console's cookies, and its cached Basic credential) makes the admin's browser POST to the Bundles page
     * to stop a bundle. The console refuses it with 403 and the bundle stays active.
     */
    private void aForeignPagesPostIsRefused(WebDriver browser, WebDriverWait wait, NodeProcess node) throws Exception {
        String bundles = Http.get(node.url("/system/console/bundles.json"), "admin", NodeProcess.PASSWORD).body();
        long ds = -1;
        for (var e : JsonParser.parseString(bundles).getAsJsonObject().getAsJsonArray("data")) {
            if (e.getAsJsonObject().get("symbolicName").getAsString().equals("org.apache.felix.webconsole.plugins.ds")) {
                ds = e.getAsJsonObject().get("id").getAsLong();
            }
        }
        assertTrue(bundles, ds > 0);
        String target = node.url("/system/console/bundles/" + ds);
        byte[] html = ("<html><body><form id='f' method='post' action='" + target + "'>"
                + "<input type='hidden' name='action' value='stop'></form>"
                + "<script>document.getElementById('f').submit();</script></body></html>")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpServer evil = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePort.next()), 0);
        evil.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, html.length);
            exchange.getResponseBody().write(html);
            exchange.close();
        });
        evil.start();
        try {
            browser.get("http://127.0.0.1:" + evil.getAddress().getPort() + "/");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"),
                    "cross-site request refused: Origin http://127.0.0.1:" + evil.getAddress().getPort()
                            + " is not this console (" + node.url("") + ")"));
            shot(browser, "7-foreign-page-post-refused");
        } finally {
            evil.stop(0);
        }
        String after = Http.get(node.url("/system/console/bundles/" + ds + ".json"), "admin", NodeProcess.PASSWORD).body();
        assertTrue(after, after.contains("\"state\":\"Active\""));
        assertTrue(Nodes.metric(node, "grapevine_refusals_total{reason=\"console-cross-origin\"}") >= 1);
    }

    /**
     * Back on the tab, a node of the cluster stops cleanly: without a reload, the bar and its line count one
     * node less, and the collapsed list of the nodes that left, opened, shows it greyed as left.
     */
    private void aNodeThatLeavesIsListedApartAndNoLongerCounted(WebDriver browser, WebDriverWait wait, NodeProcess node,
            NodeProcess leaving, String deployment) throws Exception {
        browser.get(node.url("/system/console/grapevine"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("grapevine-converged"),
                "3/3 nodes on " + deployment));
        ((JavascriptExecutor) browser).executeScript("window.grapevineNotReloaded = true;");
        assertEquals(0, leaving.stop());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("grapevine-converged"),
                "2/2 nodes on " + deployment));
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript(
                "return window.grapevineNotReloaded === true;"));
        assertBar(browser, 2, 0, 0, 2);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("grapevine-left-summary"))).click();
        String left = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("grapevine-left-nodes"))).getText();
        assertTrue(left, left.contains(leaving.address() + " " + deployment + " left"));
        assertEquals(2, browser.findElements(By.xpath("//table[@id='grapevine-cluster']/tbody/tr")).size());
        shot(browser, "8-a-node-left-2-of-2");
    }

    /**
     * The rollout bar as the page's script drew it: its line says {@code on/size nodes on}, the key counts
     * each part, and each part of the bar is as wide as its share of the cluster.
     */
    private static void assertBar(WebDriver browser, int on, int behind, int down, int size) {
        String line = browser.findElement(By.id("grapevine-converged")).getText();
        assertTrue(line, line.startsWith(on + "/" + size + " nodes on "));
        int[] counts = {on, behind, down};
        String[] parts = {"on", "behind", "down"};
        for (int i = 0; i < parts.length; i++) {
            assertEquals(parts[i], Integer.toString(counts[i]),
                    browser.findElement(By.id("grapevine-count-" + parts[i])).getText());
            Object width = ((JavascriptExecutor) browser).executeScript(
                    "return parseFloat(document.getElementById(arguments[0]).style.width);", "grapevine-bar-" + parts[i]);
            assertEquals(parts[i], 100.0 * counts[i] / size, ((Number) width).doubleValue(), 0.1);
        }
        assertEquals(Integer.toString(size), browser.findElement(By.id("grapevine-size")).getText());
    }

    /** Debian's Chromium, headless, with a fresh profile; nothing is downloaded (paths are explicit). */
    private static WebDriver chromium() throws IOException {
        Path profile = Files.createTempDirectory(Distribution.targetDir(), "chromium-profile-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withLogFile(Distribution.targetDir().resolve("chromedriver.log").toFile()).build();
        return new ChromeDriver(service, options);
    }

    private void shot(WebDriver browser, String name) throws IOException {
        Files.createDirectories(screenshots);
        File png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path shot = screenshots.resolve(name + ".png");
        Files.copy(png.toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(shot + " written", Files.size(shot) > 0);
    }

    private static String token(String text) {
        Matcher matcher = TOKEN.matcher(text);
        assertTrue(text, matcher.find());
        return matcher.group();
    }
}
