package org.radpost.datacenter.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.testkit.MutableClock;

/** The console's gates against a real data center over HTTPS: headers, CSRF, idle expiry, roles, throttling, audit. */
class ConsoleSecurityTest {
    @TempDir
    static Path dir;
    static MutableClock clock = new MutableClock(java.time.Instant.now());
    static ConsoleFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new ConsoleFixture(dir, clock, false);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void servesOverHttpsWithSecurityHeaders() throws Exception {
        assertThat(fixture.dataCenter.consoleUrl()).startsWith("https://localhost:");
        HttpResponse<String> login = fixture.client().get("/login");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'")
                .contains("frame-ancestors 'none'");
        assertThat(login.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(login.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(login.headers().firstValue("Strict-Transport-Security")).isPresent();
        assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).contains("Secure").contains("HttpOnly")
                .containsIgnoringCase("SameSite=Strict"));
    }

    @Test
    void pagesNeedASignIn() throws Exception {
        HttpResponse<String> response = fixture.client().get("/quarantine");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    }

    @Test
    void aWrongPasswordDoesNotSignIn() throws Exception {
        ConsoleClient client = fixture.client();
        HttpResponse<String> response = client.login("operator-x", "wrong-password");
        assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/login");
        assertThat(client.get("/quarantine").statusCode()).isEqualTo(302);
    }

    @Test
    void aFormWithoutTheSessionsCsrfTokenIsRefused() throws Exception {
        ConsoleClient manager = fixture.signedIn(Role.MANAGER);
        manager.get("/directory");
        HttpResponse<String> forged = manager.postRaw("/directory/grants", Map.of("center", "c1", "to", "v2"));
        assertThat(forged.statusCode()).isEqualTo(403);
        HttpResponse<String> wrongToken = manager.postRaw("/directory/grants", Map.of("_csrf", "forged", "center", "c1", "to", "v2"));
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(wrongToken.body()).contains("security token");
        assertThat(fixture.dataCenter.directory().grants()).noneMatch(g -> "v2".equals(g.viewerCode()));
        // The sign-in form needs its token too.
        assertThat(fixture.client().postRaw("/login", Map.of("username", "admin", "password", ConsoleFixture.PASSWORD)).statusCode())
                .isEqualTo(403);
    }

    @Test
    void aSessionEndsAfterTheIdleTimeout() throws Exception {
        ConsoleClient operator = fixture.signedIn(Role.OPERATOR);
        assertThat(operator.get("/tracking").statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(29));
        assertThat(operator.get("/tracking").statusCode()).as("activity keeps the session").isEqualTo(200);
        clock.advance(Duration.ofMinutes(31));
        HttpResponse<String> expired = operator.get("/tracking");
        assertThat(expired.statusCode()).isEqualTo(302);
        assertThat(operator.follow(expired).body()).contains("session ended");
    }

    @Test
    void everyAreaChecksTheRole() throws Exception {
        for (Role role : Role.values()) {
            ConsoleClient client = fixture.signedIn(role);
            for (Area area : Area.values()) {
                assertThat(client.get(area.path()).statusCode()).as(role + " GET " + area.path())
                        .isEqualTo(role.allows(area) ? 200 : 403);
            }
        }
    }

    @Test
    void everyActionChecksTheRole() throws Exception {
        ConsoleClient operator = fixture.signedIn(Role.OPERATOR);
        operator.get("/quarantine");
        assertThat(operator.post("/directory/grants", "center", "c1", "to", "v2").statusCode()).isEqualTo(403);
        assertThat(operator.post("/directory/centers/c1/active", "active", "false").statusCode()).isEqualTo(403);
        assertThat(operator.post("/users", "username", "mallory", "password", "mallory-pw-1", "role", "ADMIN").statusCode()).isEqualTo(403);
        ConsoleClient manager = fixture.signedIn(Role.MANAGER);
        assertThat(manager.post("/users", "username", "mallory", "password", "mallory-pw-1", "role", "ADMIN").statusCode()).isEqualTo(403);
        assertThat(manager.post("/users/operator/role", "role", "ADMIN").statusCode()).isEqualTo(403);
        assertThat(fixture.dataCenter.consoleUsers().find("mallory")).isEmpty();
        assertThat(fixture.dataCenter.consoleUsers().find("operator").orElseThrow().role()).isEqualTo(Role.OPERATOR);
        assertThat(fixture.dataCenter.directory().requireCenter("c1").active()).isTrue();
    }

    @Test
    void repeatedFailedSignInsAreThrottledEvenWithTheRightPasswordThen() throws Exception {
        fixture.dataCenter.consoleUsers().add("target", ConsoleFixture.PASSWORD, Role.OPERATOR);
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            fixture.client().login("target", "guess-" + i);
        }
        ConsoleClient client = fixture.client();
        HttpResponse<String> refused = client.login("target", ConsoleFixture.PASSWORD);
        assertThat(refused.headers().firstValue("Location").orElseThrow()).endsWith("/login");
        assertThat(client.follow(refused).body()).contains("Too many failed sign-ins");
        clock.advance(LoginThrottle.WINDOW.plusMinutes(1));
        HttpResponse<String> later = fixture.client().login("target", ConsoleFixture.PASSWORD);
        assertThat(later.headers().firstValue("Location").orElseThrow()).doesNotContain("login");
        assertThat(fixture.count("SELECT COUNT(*) FROM console_audit WHERE actor = 'target' AND action = 'sign-in-failed'"))
                .isEqualTo(LoginThrottle.MAX_FAILURES);
    }

    @Test
    void aDirectoryChangeIsAuditedWithWhoWhatBeforeAndAfter() throws Exception {
        ConsoleClient manager = fixture.signedIn(Role.MANAGER);
        manager.get("/directory");
        HttpResponse<String> response = manager.post("/directory/viewers/v2/settings", "access", "DEIDENTIFIED", "group", "neuro");
        assertThat(response.statusCode()).isEqualTo(302);
        AuditEntry entry = fixture.dataCenter.audit().latest(1).get(0);
        assertThat(entry.actor()).isEqualTo("manager");
        assertThat(entry.action()).isEqualTo("viewer-settings");
        assertThat(entry.target()).isEqualTo("viewer v2");
        assertThat(entry.before()).contains("FULL");
        assertThat(entry.after()).contains("DEIDENTIFIED").contains("neuro");
        assertThat(entry.remoteAddress()).isNotBlank();
        assertThat(entry.at()).isNotNull();
        assertThat(manager.follow(response).body()).contains("Viewer v2 updated");
        fixture.dataCenter.directory().changeViewer("v2", v -> {
            v.accessLevel(org.radpost.datacenter.directory.AccessLevel.FULL);
            v.viewerGroup(null);
        });
    }
}
