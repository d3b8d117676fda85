package org.radpost.viewer.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.testkit.SampleStudy;
import org.radpost.viewer.GreenMailTls;
import org.radpost.viewer.TestMail;
import org.radpost.viewer.ViewerAgent;
import org.radpost.viewer.config.ViewerConfig;
import org.radpost.wire.Priority;
import org.radpost.wire.StudyUid;
import org.radpost.wire.build.MessageWriter;

/**
 * The agent's local page over real HTTP: a POST from another web page (foreign Origin) or without the page's token is
 * refused with 403 before it can report, annotate or poll; the agent's own page, with its token, goes through.
 */
class LocalPageGuardTest {
    @TempDir static Path dir;
    static TestMail mail;
    static ViewerAgent agent;
    static SampleStudy ct;
    static URI base;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        mail = new TestMail();
        ct = SampleStudy.ct();
        mail.deliverStudy(ct, 1, MessageWriter.DEFAULT_SIZE_CAP, Priority.ROUTINE, dir);
        agent = ViewerAgent.start(new ViewerConfig(dir.resolve("viewer"), mail.pop3(), mail.smtp(), GreenMailTls.trustStore(),
                GreenMailTls.PASSWORD, Duration.ofHours(1), "127.0.0.1", 0, "Dr. Ada Reader", TestMail.VIEWER, ""));
        await().atMost(Duration.ofSeconds(30)).until(() -> agent.studies().find(StudyUid.of(ct.studyInstanceUid())).isPresent());
        base = URI.create("http://127.0.0.1:" + agent.webPort());
    }

    @AfterAll
    static void stop() {
        if (agent != null) agent.close();
        if (mail != null) mail.close();
    }

    @Test
    void aReportPostedFromAnotherOriginIsRefusedWith403EvenWithTheToken() throws Exception {
        String form = "csrf=" + token() + "&findings=" + enc("Injected") + "&impression=" + enc("by another page");
        HttpResponse<String> response = post("/study/" + ct.studyInstanceUid() + "/report", "http://evil.example", form);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("another web page");
        assertThat(agent.studies().reports(StudyUid.of(ct.studyInstanceUid()))).isEmpty();
    }

    @Test
    void aPostWithoutTheTokenOrWithAWrongOneIsRefusedWith403() throws Exception {
        assertThat(post("/poll", null, "").statusCode()).isEqualTo(403);
        assertThat(post("/poll", base.toString(), "csrf=0123456789abcdef").statusCode()).isEqualTo(403);
        assertThat(post("/study/" + ct.studyInstanceUid() + "/report", null, "findings=a&impression=b").statusCode()).isEqualTo(403);
        assertThat(agent.studies().reports(StudyUid.of(ct.studyInstanceUid()))).isEmpty();
    }

    @Test
    void theAgentsOwnPageWithItsTokenMayPost() throws Exception {
        HttpResponse<String> response = post("/poll", "http://127.0.0.1:" + agent.webPort(), "csrf=" + token());
        assertThat(response.statusCode()).isIn(200, 302, 303);
    }

    /** The token as the worklist page embeds it. */
    private static String token() throws Exception {
        String page = http.send(HttpRequest.newBuilder(base.resolve("/")).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("name=\"csrf-token\" content=\"([0-9a-f]+)\"").matcher(page);
        assertThat(m.find()).as("the page embeds its token").isTrue();
        return m.group(1);
    }

    private static HttpResponse<String> post(String path, String origin, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
