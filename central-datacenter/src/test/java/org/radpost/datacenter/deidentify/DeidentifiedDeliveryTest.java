package org.radpost.datacenter.deidentify;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
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
import org.radpost.wire.read.ReceivedObject;
import org.radpost.wire.transport.MailboxReader;
import org.radpost.wire.transport.Pop3Settings;
import org.radpost.wire.transport.SubmitOutcome;

/** A viewer whose access level is DEIDENTIFIED receives, over real SMTPS and POP3S, only de-identified copies. */
class DeidentifiedDeliveryTest {
    static final String RESEARCH_VIEWER = "research@radpost.test";
    @TempDir Path dir;
    DataCenterFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = DataCenterFixture.start(dir, true);
        fixture.dataCenter.directory().addViewer("r1", "Research reader", RESEARCH_VIEWER, DataCenterFixture.PASSWORD,
                AccessLevel.DEIDENTIFIED);
        fixture.dataCenter.directory().authorize("c1", "r1", null);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aDeidentifiedViewerGetsCopiesWithoutThePatientWhileAFullViewerGetsTheOriginal() throws Exception {
        SampleStudy study = SampleStudy.of("CT", "PID-424242", "Doe^Jane", "ACC-777");
        study.writeImages(dir.resolve("study"), 3);
        for (String viewer : List.of(DataCenterFixture.VIEWER, RESEARCH_VIEWER)) {
            Path eml = fixture.packageStudy(dir.resolve("study"), viewer, Priority.ROUTINE).get(0);
            assertThat(fixture.send(eml)).isInstanceOf(SubmitOutcome.Sent.class);
        }
        fixture.drainPipeline();

        List<MailboxReader.Fetched> research = fetch(RESEARCH_VIEWER);
        assertThat(research).singleElement().satisfies(f -> {
            assertThat(f.problem()).isEmpty();
            assertThat(f.message().studyUid().value()).isNotEqualTo(study.studyInstanceUid());
            assertThat(f.message().objects()).hasSize(3);
            assertThat(f.message().part().totalObjects()).isEqualTo(3);
        });
        for (ReceivedObject object : research.get(0).message().objects()) {
            AttributeList list = new AttributeList();
            list.read(object.file().toString());
            assertThat(Attribute.getSingleStringValueOrEmptyString(list, TagFromName.PatientName)).doesNotContain("Doe");
            assertThat(Attribute.getSingleStringValueOrEmptyString(list, TagFromName.PatientID)).isNotEqualTo("PID-424242");
            assertThat(Attribute.getSingleStringValueOrEmptyString(list, TagFromName.AccessionNumber)).isNotEqualTo("ACC-777");
            assertThat(Attribute.getSingleStringValueOrEmptyString(list, TagFromName.PatientIdentityRemoved)).isEqualTo("YES");
        }
        assertThat(Files.readString(research.get(0).file(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(study.studyInstanceUid());
        assertThat(fetch(DataCenterFixture.VIEWER)).singleElement()
                .satisfies(f -> assertThat(f.message().studyUid().value()).isEqualTo(study.studyInstanceUid()));
        assertThat(fixture.count("select count(*) from status_event where state = 'DEIDENTIFIED'")).isEqualTo(1);
    }

    private List<MailboxReader.Fetched> fetch(String viewer) throws Exception {
        return new MailboxReader(new Pop3Settings("127.0.0.1", fixture.dataCenter.pop3sPort(), viewer,
                DataCenterFixture.PASSWORD, fixture.dataCenter.trustStore(), "changeit"),
                Files.createTempDirectory(dir, "pop")).fetchAll();
    }
}
