package org.radpost.datacenter.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.datacenter.directory.AccessLevel;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.Priority;
import org.radpost.wire.transport.MailboxReader;
import org.radpost.wire.transport.Pop3Settings;
import org.radpost.wire.transport.SubmitOutcome;

/** One message to several authorized viewers reaches every one of them, over real SMTPS and POP3S. */
class FanOutTest {
    static final String THIRD_VIEWER = "viewer3@radpost.test";

    @TempDir
    Path dir;
    DataCenterFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = DataCenterFixture.start(dir, true);
        fixture.dataCenter.directory().addViewer("v3", "Dr. Three", THIRD_VIEWER, DataCenterFixture.PASSWORD, AccessLevel.FULL);
        fixture.dataCenter.directory().authorize("c1", "v3", null);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void oneMessageToTwoAuthorizedViewersReachesBothMailboxes() throws Exception {
        SampleStudy study = SampleStudy.ct();
        study.writeImages(dir.resolve("two"), 2);
        Path eml = fixture.packageStudy(dir.resolve("two"), DataCenterFixture.VIEWER, Priority.ROUTINE).get(0);
        // The submitter sends RCPT TO for every To address: one message, two recipients.
        String text = Files.readString(eml, StandardCharsets.ISO_8859_1);
        Files.writeString(eml, text.replaceFirst("(?m)^To: .*$", "To: " + DataCenterFixture.VIEWER + ", " + THIRD_VIEWER),
                StandardCharsets.ISO_8859_1);

        assertThat(fixture.send(eml)).isInstanceOf(SubmitOutcome.Sent.class);
        fixture.drainPipeline();

        assertThat(studiesIn(DataCenterFixture.VIEWER)).containsExactly(study.studyInstanceUid());
        assertThat(studiesIn(THIRD_VIEWER)).containsExactly(study.studyInstanceUid());
        assertThat(fixture.count("select count(*) from delivery where kind = 'STUDY' and state = 'DELIVERED'")).isEqualTo(2);
    }

    private List<String> studiesIn(String viewer) throws Exception {
        MailboxReader mailbox = new MailboxReader(new Pop3Settings("127.0.0.1", fixture.dataCenter.pop3sPort(), viewer,
                DataCenterFixture.PASSWORD, fixture.dataCenter.trustStore(), "changeit"), Files.createTempDirectory(dir, "pop"));
        return mailbox.fetchAll().stream().map(f -> f.message().studyUid().value()).toList();
    }
}
