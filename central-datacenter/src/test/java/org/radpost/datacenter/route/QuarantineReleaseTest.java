package org.radpost.datacenter.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.datacenter.directory.Viewer;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.Priority;

/** Quarantine per study and cause on a running data center over MariaDB: checked release, delivery, receipts, rejection. */
class QuarantineReleaseTest {
    @TempDir
    Path dir;
    DataCenterFixture fixture;
    SampleStudy study;

    @BeforeEach
    void quarantineAThreePartStudy() throws Exception {
        fixture = DataCenterFixture.start(dir, true);
        study = SampleStudy.of("CT", "PID-Q1", "QUINN^QUEENIE", "ACC-Q1");
        Path folder = dir.resolve("study");
        study.size(512, 512).writeImages(folder, 3);
        // c1 may send to v1 only: a study for v2 is valid but unauthorized.
        for (Path part : fixture.packageStudy(folder, DataCenterFixture.OTHER_VIEWER, Priority.ROUTINE, 600_000)) {
            fixture.send(part);
        }
        fixture.drainPipeline();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private Quarantine quarantine() {
        return fixture.dataCenter.quarantine();
    }

    @Test
    void aManyPartStudyIsOneEntryWithWhatAnOperatorNeedsToKnow() {
        assertThat(quarantine().waiting()).hasSize(3);
        List<QuarantinedStudy> studies = quarantine().studies(null);
        assertThat(studies).hasSize(1);
        QuarantinedStudy q = studies.get(0);
        assertThat(q.parts()).isEqualTo(3);
        assertThat(q.studyUid()).isEqualTo(study.studyInstanceUid());
        assertThat(q.reasonCode()).isEqualTo("unauthorized-route");
        assertThat(q.patientName()).isEqualTo("QUINN^QUEENIE");
        assertThat(q.patientId()).isEqualTo("PID-Q1");
        assertThat(q.accessionNumber()).isEqualTo("ACC-Q1");
        assertThat(q.centerCode()).isEqualTo("c1");
        assertThat(q.modality()).isEqualTo("CT");
        assertThat(q.arrivedAt()).isNotNull();
        assertThat(quarantine().destinationsFor(q)).extracting(Viewer::code).containsExactly("v1");
    }

    @Test
    void releaseToAViewerTheCenterMayNotSendToIsRefusedAndNothingMoves() {
        long number = quarantine().studies(null).get(0).number();
        assertThatThrownBy(() -> quarantine().release(number, DataCenterFixture.OTHER_VIEWER, "test"))
                .hasMessageContaining("center c1 is not authorized to send CT studies to viewer v2");
        assertThatThrownBy(() -> quarantine().release(number, "nobody@radpost.test", "test"))
                .hasMessageContaining("no viewer has the address or code 'nobody@radpost.test'");
        assertThat(quarantine().studies(null)).hasSize(1);
        assertThat(fixture.count("select count(*) from message where state = 'quarantined'")).isEqualTo(3);
    }

    @Test
    void releaseRoutesAndDeliversEveryPartAndTellsTheCenter() throws Exception {
        long receiptsBefore = receiptsFor(DataCenterFixture.CENTER);
        QuarantinedStudy released = quarantine().release(quarantine().studies(null).get(0).number(), "v1", "console:operator");
        fixture.dataCenter.nudgeWorkers();
        fixture.drainPipeline();
        assertThat(released.parts()).isEqualTo(3);
        assertThat(quarantine().studies(null)).isEmpty();
        assertThat(fixture.count("select count(*) from delivery where kind = 'STUDY' and mailbox = '" + DataCenterFixture.VIEWER
                + "' and study_uid = '" + study.studyInstanceUid() + "'")).isEqualTo(3);
        assertThat(fixture.count("select count(*) from quarantine where resolution = 'RELEASED'")).isEqualTo(3);
        assertThat(receiptsFor(DataCenterFixture.CENTER)).isGreaterThan(receiptsBefore);
        assertThat(receiptTexts(DataCenterFixture.CENTER)).filteredOn(t -> t.contains("released from quarantine"))
                .singleElement().asString().contains("routed to viewer v1");
    }

    @Test
    void rejectSendsTheCenterTheReasonAndEndsTheStudy() throws Exception {
        quarantine().reject(quarantine().studies(null).get(0).number(), "Not a teleradiology case; read it on site.", "console:operator");
        assertThat(quarantine().studies(null)).isEmpty();
        assertThat(fixture.count("select count(*) from message where state = 'done'")).isEqualTo(3);
        assertThat(fixture.count("select count(*) from quarantine where resolution = 'REJECTED'"
                + " and reject_reason = 'Not a teleradiology case; read it on site.'")).isEqualTo(3);
        assertThat(fixture.count("select count(*) from status_event where state = 'REJECTED' and study_uid = '"
                + study.studyInstanceUid() + "'")).isEqualTo(1);
        assertThat(receiptTexts(DataCenterFixture.CENTER)).anyMatch(t -> t.contains("Not a teleradiology case; read it on site."));
        assertThatThrownBy(() -> quarantine().reject(1, " ", "x")).hasMessageContaining("say why");
    }

    private long receiptsFor(String mailbox) {
        return fixture.count("select count(*) from delivery where kind = 'RECEIPT' and mailbox = '" + mailbox + "'");
    }

    private List<String> receiptTexts(String mailbox) throws Exception {
        List<String> files = fixture.dataCenter.database().sessionFactory().fromSession(s -> s.createNativeQuery(
                "select file_path from delivery where kind = 'RECEIPT' and mailbox = :m order by id", String.class)
                .setParameter("m", mailbox).getResultList());
        List<String> texts = new java.util.ArrayList<>();
        for (String file : files) {
            // Quoted-printable soft line breaks would split a sentence; join them.
            texts.add(Files.readString(Path.of(file)).replace("=\r\n", "").replace("=\n", "").replaceAll("\\s+", " "));
        }
        return texts;
    }
}
