package org.radpost.viewer.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * DNS rebinding: a page on evil.example whose name the attacker re-points at 127.0.0.1 reaches the agent with its own
 * name in the Host header (and, on a POST, a matching Origin), so the Origin check alone lets it read the worklist
 * and post a report. The agent answers only requests addressed to its own loopback names with its port, or to a
 * name listed in {@code web.allowed-hosts}.
 *
 * <p>Requests are written on a raw socket: java.net.http refuses to set Host, and HttpURLConnection reads
 * {@code sun.net.http.allowRestrictedHeaders} once per JVM (whichever test loads it first decides), so a socket is the
 * one client here that sends exactly the bytes a rebinding browser sends.
 */
class HostAllowListTest {
    @TempDir static Path dir;
    static TestMail mail;
    static ViewerAgent agent;
    static SampleStudy ct;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        mail = new TestMail();
        ct = SampleStudy.ct();
        mail.deliverStudy(ct, 1, MessageWriter.DEFAULT_SIZE_CAP, Priority.ROUTINE, dir);
        ViewerConfig config = new ViewerConfig(dir.resolve("viewer"), mail.pop3(), mail.smtp(), GreenMailTls.trustStore(),
                GreenMailTls.PASSWORD, Duration.ofHours(1), "127.0.0.1", 0, "Dr. Ada Reader", TestMail.VIEWER, "",
                ViewerConfig.DEFAULT_SPOOL_KEEP, List.of("reading-room.clinic.example"));
        agent = ViewerAgent.start(config);
        await().atMost(Duration.ofSeconds(30)).until(() -> agent.studies().find(StudyUid.of(ct.studyInstanceUid())).isPresent());
        port = agent.webPort();
    }

    @AfterAll
    static void stop() {
        if (agent != null) agent.close();
        if (mail != null) mail.close();
    }

    @Test
    void aPageReadUnderAForeignHostNameIsRefusedWith421() throws Exception {
        Reply reply = send("GET / HTTP/1.1\r\nHost: evil.example:" + port + "\r\nAccept: text/plain\r\nConnection: close\r\n\r\n");

        assertThat(reply.status()).isEqualTo(421);
        assertThat(reply.body()).contains("evil.example:" + port).contains("web.allowed-hosts")
                .doesNotContain(ct.studyInstanceUid());
    }

    @Test
    void theStaticScriptIsRefusedUnderAForeignHostToo() throws Exception {
        Reply reply = send("GET /assets/viewer.js HTTP/1.1\r\nHost: evil.example:" + port + "\r\nConnection: close\r\n\r\n");
        assertThat(reply.status()).isEqualTo(421);
        assertThat(send("GET /assets/viewer.js HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n")
                .status()).isEqualTo(200);
    }

    @Test
    void aReportPostedUnderAForeignHostWithAMatchingOriginAndTheTokenIsRefused() throws Exception {
        String host = "evil.example:" + port;
        String form = "csrf=" + token() + "&findings=" + enc("Injected") + "&impression=" + enc("by a rebound page");
        Reply reply = send("POST /study/" + ct.studyInstanceUid() + "/report HTTP/1.1\r\nHost: " + host
                + "\r\nOrigin: http://" + host + "\r\nAccept: text/plain\r\nContent-Type: application/x-www-form-urlencoded"
                + "\r\nContent-Length: " + form.length() + "\r\nConnection: close\r\n\r\n" + form);

        assertThat(reply.status()).isEqualTo(421);
        assertThat(agent.studies().reports(StudyUid.of(ct.studyInstanceUid()))).isEmpty();
    }

    @Test
    void theRightNameWithAnotherPortIsRefused() throws Exception {
        assertThat(get("127.0.0.1:" + (port == 65535 ? 1 : port + 1)).status()).isEqualTo(421);
        assertThat(get("localhost").status()).as("no port means 80").isEqualTo(port == 80 ? 200 : 421);
    }

    @Test
    void theLoopbackNamesAndTheConfiguredNameAreServed() throws Exception {
        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "LOCALHOST:" + port, "[::1]:" + port,
                "reading-room.clinic.example:" + port)) {
            assertThat(get(host).status()).as(host).isEqualTo(200);
        }
    }

    @Test
    void aRequestWithoutHostIsRefused() throws Exception {
        assertThat(send("GET / HTTP/1.0\r\nAccept: text/plain\r\n\r\n").status()).isEqualTo(421);
    }

    /** The token as the worklist page embeds it (a rebinding page would read it the same way). */
    private static String token() throws Exception {
        String page = get("127.0.0.1:" + port).body();
        Matcher m = Pattern.compile("name=\"csrf-token\" content=\"([0-9a-f]+)\"").matcher(page);
        assertThat(m.find()).as("the page embeds its token").isTrue();
        return m.group(1);
    }

    private static Reply get(String host) throws IOException {
        return send("GET / HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/html\r\nConnection: close\r\n\r\n");
    }

    private static Reply send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            String text = bytes.toString(StandardCharsets.ISO_8859_1); // one char per byte, so chunk sizes hold
            int status = Integer.parseInt(text.substring(text.indexOf(' ') + 1, text.indexOf(' ') + 4));
            int bodyStart = text.indexOf("\r\n\r\n");
            String head = bodyStart < 0 ? text : text.substring(0, bodyStart);
            String body = bodyStart < 0 ? "" : text.substring(bodyStart + 4);
            body = head.toLowerCase().contains("transfer-encoding: chunked") ? unchunk(body) : body;
            return new Reply(status, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].strip(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private record Reply(int status, String body) {}

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
