package org.radpost.datacenter.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.Priority;
import org.radpost.wire.transport.MailboxReader;
import org.radpost.wire.transport.Pop3Settings;
import org.radpost.wire.transport.SubmitOutcome;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The access audit trail from a real data center: a viewer fetching a study over POP3S and an admin action both appear,
 * as RFC 5424 syslog lines and as DICOM audit messages (PS3.15 A.5) that an XML parser reads back.
 */
class AuditExportTest {
    /** RFC 5424: PRI VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA [SP MSG]. */
    private static final Pattern RFC5424 = Pattern.compile(
            "<(\\d{1,3})>1 (\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z) ([\\x21-\\x7E]{1,255}) ([\\x21-\\x7E]{1,48}) ([\\x21-\\x7E]{1,128})"
                    + " ([\\x21-\\x7E]{1,32}) (\\[[^ =\\]\"]+( [^ =\\]\"]+=\"([^\"\\\\\\]]|\\\\[\"\\\\\\]])*\")*\\])( \uFEFF.*)?");

    @TempDir
    Path dir;
    DataCenterFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = DataCenterFixture.start(dir, false);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aFetchedStudyAndAnAdminActionAreExportedAsSyslogAndAsDicomAuditMessages() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        SampleStudy study = SampleStudy.ct().size(64, 64);
        study.writeImages(dir.resolve("study"), 2);
        Path eml = fixture.packageStudy(dir.resolve("study"), DataCenterFixture.VIEWER, Priority.ROUTINE).get(0);
        assertThat(fixture.send(eml)).isInstanceOf(SubmitOutcome.Sent.class);
        fixture.drainPipeline();
        new MailboxReader(new Pop3Settings("127.0.0.1", fixture.dataCenter.pop3sPort(), DataCenterFixture.VIEWER,
                DataCenterFixture.PASSWORD, fixture.dataCenter.trustStore(), "changeit"), Files.createTempDirectory(dir, "pop")).fetchAll();
        fixture.dataCenter.audit().record("manager", "authorize", "center \"c1\" -> [v2]", "none", "CT", "192.0.2.7");

        List<AccessRecord> trail = new AccessTrail(fixture.dataCenter.database().sessionFactory()).since(before);

        assertThat(trail).anySatisfy(r -> {
            assertThat(r.kind()).isEqualTo(AccessRecord.Kind.RECEIVED);
            assertThat(r.actor()).isEqualTo(DataCenterFixture.VIEWER);
            assertThat(r.subject()).isEqualTo(study.studyInstanceUid());
        });
        AuditExport export = new AuditExport("radpost.test");
        List<String> lines = trail.stream().map(export::syslog).toList();
        assertThat(lines).allSatisfy(line -> assertThat(RFC5424.matcher(line).matches()).as(line).isTrue());
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("<110>1 ").contains(" radpost.test radpost - RECEIVED ")
                .contains("actor=\"" + DataCenterFixture.VIEWER + "\"").contains("study=\"" + study.studyInstanceUid() + "\"")
                .contains("event=\"110104\""));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains(" ADMIN ")
                .contains("target=\"center \\\"c1\\\" -> [v2\\]\"").contains("address=\"192.0.2.7\""));

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(export.dicom(trail).getBytes(StandardCharsets.UTF_8)));
        var messages = xml.getElementsByTagName("AuditMessage");
        assertThat(messages.getLength()).isEqualTo(trail.size());
        boolean transferred = false;
        for (int i = 0; i < messages.getLength(); i++) {
            Element m = (Element) messages.item(i);
            Element eventId = (Element) m.getElementsByTagName("EventID").item(0);
            Element object = (Element) m.getElementsByTagName("ParticipantObjectIdentification").item(0);
            Element user = (Element) m.getElementsByTagName("ActiveParticipant").item(0);
            if (eventId.getAttribute("csd-code").equals("110104")) {
                transferred = true;
                assertThat(object.getAttribute("ParticipantObjectID")).isEqualTo(study.studyInstanceUid());
                assertThat(user.getAttribute("UserID")).isEqualTo(DataCenterFixture.VIEWER);
                assertThat(((Element) m.getElementsByTagName("EventIdentification").item(0)).getAttribute("EventActionCode")).isEqualTo("R");
            }
        }
        assertThat(transferred).as("a DICOM Instances Transferred message for the fetched study").isTrue();
    }
}
