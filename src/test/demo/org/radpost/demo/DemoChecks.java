package org.radpost.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.radpost.datacenter.DataCenter;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.Priority;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.StudyBatch;
import org.radpost.wire.build.StudyScanner;
import org.radpost.wire.read.ReadMessage;
import org.radpost.wire.read.ReceivedObject;
import org.radpost.wire.smime.Certificates;
import org.radpost.wire.transport.MailboxReader;
import org.radpost.wire.transport.Pop3Settings;
import org.radpost.wire.transport.SmtpSubmitter;
import org.radpost.wire.transport.SubmitOutcome;

/** The demo's checks of what lies in the data center and what the de-identified viewer gets. */
final class DemoChecks {
    private DemoChecks() {}

    /** True when the folder holds mail and every message in it is S/MIME enveloped data. */
    static boolean allSealed(Path folder) throws IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(folder)) {
            List<Path> mail = files.filter(f -> f.toString().endsWith(".eml")).toList();
            for (Path file : mail) {
                if (!org.radpost.wire.smime.Certificates.isSealed(file)) {
                    return false;
                }
            }
            return !mail.isEmpty();
        }
    }

    /** True when every spooled message of the study is the S/MIME form the center sent. */
    static boolean spooledSealed(DataCenter dataCenter, String studyUid) throws IOException {
        List<String> paths = dataCenter.database().sessionFactory().fromSession(s -> s.createNativeQuery(
                "select spool_path from message where study_uid = :s", String.class).setParameter("s", studyUid).getResultList());
        if (paths.isEmpty()) {
            return false;
        }
        for (String path : paths) {
            if (!Certificates.isSealed(Path.of(path))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sends a small study (sealed) to the de-identified viewer and reads its mailbox as that viewer would: returns
     * "study ..." describing what arrived when the original patient's name and ID are in none of its objects, or what
     * went wrong.
     */
    static String deidentifiedStudy(DataCenter dataCenter, Path root, DemoSmime smime, SmtpSubmitter center,
                                    String centerAddress, String viewer, String password) throws Exception {
        String name = "MASKED^MARY";
        String patientId = "PID-3003";
        SampleStudy study = SampleStudy.of("CT", patientId, name, "ACC-3003").size(128, 128);
        study.writeImages(root.resolve("center/second-opinion"), 3);
        StudyBatch batch = new StudyScanner().scan(List.of(root.resolve("center/second-opinion"))).studies().get(0);
        for (Path part : new MessageWriter().write(new Addressing(centerAddress, viewer, Priority.ROUTINE), batch, root.resolve("center/outbox-second"))) {
            SubmitOutcome outcome = center.submit(smime.sealFromCenter(part), n -> { });
            if (!(outcome instanceof SubmitOutcome.Sent)) {
                return "not sent: " + outcome.describe();
            }
        }
        MailboxReader mailbox = new MailboxReader(new Pop3Settings("127.0.0.1", dataCenter.pop3sPort(), viewer, password,
                dataCenter.trustStore(), "changeit"), root.resolve("viewer2/inbox"));
        List<ReadMessage> studies = new ArrayList<>();
        Instant until = Instant.now().plus(Duration.ofSeconds(60));
        while (studies.isEmpty() && Instant.now().isBefore(until)) {
            mailbox.fetchAll().stream().map(MailboxReader.Fetched::message)
                    .filter(m -> m != null && m.type().isDicom()).forEach(studies::add);
            if (studies.isEmpty()) {
                Thread.sleep(500);
            }
        }
        if (studies.isEmpty()) {
            return "nothing arrived in " + viewer + "'s mailbox within 60 s";
        }
        ReadMessage got = studies.get(0);
        if (got.studyUid().value().equals(study.studyInstanceUid())) {
            return "the study kept its original Study Instance UID " + study.studyInstanceUid();
        }
        for (ReceivedObject object : got.objects()) {
            String bytes = Files.readString(object.file(), StandardCharsets.ISO_8859_1);
            if (bytes.contains(name) || bytes.contains(patientId)) {
                return "object " + object.sopInstanceUid() + " still carries the patient's name or ID";
            }
        }
        return "study " + got.studyUid() + " (sent as " + study.studyInstanceUid() + "), " + got.objects().size()
                + " images; the patient's name " + name + " and ID " + patientId + " are in none of them, UIDs remapped";
    }
}
