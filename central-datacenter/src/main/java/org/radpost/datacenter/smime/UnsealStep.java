package org.radpost.datacenter.smime;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.radpost.datacenter.IntakeStep;
import org.radpost.datacenter.StageResult;
import org.radpost.datacenter.spool.Arrival;
import org.radpost.datacenter.spool.Spool;
import org.radpost.wire.RejectReason;
import org.radpost.wire.StudyUid;
import org.radpost.wire.WireHeaders;
import org.radpost.wire.smime.Certificates;
import org.radpost.wire.smime.SmimeException;

/**
 * Unseal (S/MIME, PS3.15 B.8): the spooled message, kept encrypted as received, is decrypted with the data
 * center's key into the private work folder, its signature verified against the deployment CA and the
 * certificate the directory holds for the account that logged in; Unpack then reads the plain copy. An account
 * with a certificate in the directory must send sealed messages; one without may still send plain ones.
 */
public final class UnsealStep implements IntakeStep.OnDisk {
    private final DataCenterSmime smime;
    private final Spool spool;

    public UnsealStep(DataCenterSmime smime, Spool spool) {
        this.smime = smime;
        this.spool = spool;
    }

    @Override
    public String name() {
        return "unseal";
    }

    @Override
    public StageResult run(Arrival arrival) throws IOException {
        Path spooled = arrival.spooled().orElseThrow();
        boolean required = smime.directory().of(arrival.sender()).isPresent();
        if (!Certificates.isSealed(spooled)) {
            return required ? refuse(arrival, spooled, RejectReason.SMIME_NOT_ENCRYPTED, arrival.sender()
                    + " has an S/MIME certificate in the directory, so its messages must be signed and encrypted") : StageResult.next();
        }
        if (arrival.work().isEmpty()) {
            arrival.work(spool.newWorkFolder());
        }
        Path plain = arrival.work().orElseThrow().resolve("unsealed.eml");
        try {
            smime.open(spooled, arrival.sender(), plain);
            arrival.readable(plain);
            return StageResult.next(); // the signer is checked; Unpack records the arrival
        } catch (SmimeException e) {
            return refuse(arrival, spooled, e.failure().reason(), e.detail());
        }
    }

    /** A refusal names the message and study from the envelope headers (they stay readable), so the receipt reaches the sender. */
    private static StageResult refuse(Arrival arrival, Path spooled, RejectReason reason, String detail) throws IOException {
        String messageId = "";
        try (InputStream in = Files.newInputStream(spooled)) {
            InternetHeaders headers = new InternetHeaders(in);
            messageId = value(headers, "Message-ID");
            String study = value(headers, WireHeaders.STUDY_UID);
            if (!study.isEmpty()) {
                arrival.studyUidHint(StudyUid.of(study).value());
            }
        } catch (MessagingException | IllegalArgumentException e) {
            // Unreadable envelope headers: the SMTP reply alone tells the sender.
        }
        return new StageResult.Reject(reason, detail, messageId, java.util.List.of());
    }

    private static String value(InternetHeaders headers, String name) {
        String value = headers.getHeader(name, ",");
        return value == null ? "" : value.strip();
    }
}
