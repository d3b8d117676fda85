package org.radpost.viewer.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.testkit.SampleStudy;
import org.radpost.viewer.GreenMailTls;
import org.radpost.viewer.TestMail;
import org.radpost.viewer.ViewerAgent;
import org.radpost.viewer.config.ViewerConfig;
import org.radpost.viewer.store.OutgoingState;
import org.radpost.wire.Priority;
import org.radpost.wire.StudyUid;
import org.radpost.wire.build.MessageWriter;

/**
 * A viewer agent started in an empty folder under umask 022 keeps everything it writes there (fetched mail in
 * incoming/, objects/, its database, the reports it creates and the mail it sends) readable by its owner only: no
 * folder or file in the tree grants group or others any permission.
 */
class OwnerOnlyDataFolderTest {
    @TempDir Path dir;

    @Test
    void nothingUnderTheDataFolderIsReadableByOtherUsersAfterFetchingAndReporting() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "needs POSIX permissions");
        Path probe = Files.createFile(dir.resolve("probe"));
        assumeTrue(PosixFilePermissions.toString(Files.getPosixFilePermissions(probe)).equals("rw-r--r--"),
                "the process's umask is 022, as on a default install");
        SampleStudy ct = SampleStudy.ct();
        Path data = dir.resolve("viewer");
        try (TestMail mail = new TestMail()) {
            mail.deliverStudy(ct, 2, MessageWriter.DEFAULT_SIZE_CAP, Priority.ROUTINE, dir.resolve("work"));
            try (ViewerAgent agent = ViewerAgent.start(new ViewerConfig(data, mail.pop3(), mail.smtp(), GreenMailTls.trustStore(),
                    GreenMailTls.PASSWORD, Duration.ofHours(1), "127.0.0.1", 0, "Dr. Ada Reader", TestMail.VIEWER, ""))) {
                StudyUid study = StudyUid.of(ct.studyInstanceUid());
                await().atMost(Duration.ofSeconds(30)).until(() -> agent.studies().find(study).isPresent());
                HttpClient http = HttpClient.newHttpClient();
                URI page = agent.url().resolve("/study/" + study.value());
                String html = http.send(HttpRequest.newBuilder(page).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
                Matcher token = Pattern.compile("name=\"csrf-token\" content=\"([0-9a-f]+)\"").matcher(html);
                assertThat(token.find()).isTrue();
                HttpResponse<String> report = http.send(HttpRequest.newBuilder(page.resolve(study.value() + "/report"))
                        .header("Content-Type", "application/x-www-form-urlencoded").header(
                                "Origin", "http://127.0.0.1:" + agent.webPort())
                        .POST(HttpRequest.BodyPublishers.ofString("csrf=" + token.group(1) + "&findings=Clear&impression=Normal"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(report.statusCode()).isIn(200, 302, 303);
                agent.sendNow();
                await().atMost(Duration.ofSeconds(30)).until(() -> agent.outbox().forStudy(study).stream()
                        .anyMatch(m -> m.state() == OutgoingState.SENT));
            }
        }

        List<Path> tree = tree(data);
        assertThat(tree).extracting(p -> data.relativize(p).toString())
                .contains("incoming", "objects", "db", "created", "outgoing");
        assertThat(tree).filteredOn(Files::isRegularFile).extracting(p -> p.getFileName().toString())
                .anyMatch(n -> n.endsWith(".mv.db")).anyMatch(n -> n.endsWith(".dcm"));
        assertThat(tree).allSatisfy(p -> assertThat(mode(p)).as(data.relativize(p).toString())
                .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------"));
    }

    static List<Path> tree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.toList();
        }
    }

    static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
