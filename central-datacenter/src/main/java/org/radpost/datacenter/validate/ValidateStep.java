package org.radpost.datacenter.validate;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.radpost.datacenter.IntakeStep;
import org.radpost.datacenter.StageResult;
import org.radpost.datacenter.spool.Arrival;
import org.radpost.datacenter.tracking.TrackingState;
import org.radpost.wire.RejectReason;
import org.radpost.wire.receipt.ReceiptEntry;
import org.radpost.wire.read.ReadMessage;

/** Validate: the message comes from the account that logged in and carries a Message-ID to key it by. */
public final class ValidateStep implements IntakeStep.OnDisk {

    @Override
    public String name() {
        return "validate";
    }

    @Override
    public StageResult run(Arrival arrival) {
        ReadMessage message = arrival.message();
        if (!arrival.account().owns(addressOf(message.from()))) {
            // Every object is refused with the message; the receipt gives each the reason code.
            return new StageResult.Reject(RejectReason.SENDER_NOT_ACCOUNT,
                    "From is '" + message.from() + "' but the login was " + arrival.sender(), message.messageId(),
                    message.objects().stream().map(o -> ReceiptEntry.of(o.type(), o.sopInstanceUid())).toList());
        }
        if (message.messageId().isBlank()) {
            return new StageResult.Reject(RejectReason.MISSING_HEADER, "the message has no Message-ID");
        }
        return StageResult.next(TrackingState.VALIDATED, message.type().isDicom()
                ? "headers, checksums and DICOM headers agree" : "receipt fields read");
    }

    /** The bare address of a From or To header, lower case; "" when it is not an address. */
    public static String addressOf(String header) {
        try {
            InternetAddress[] parsed = InternetAddress.parseHeader(header, false);
            return parsed.length == 0 ? "" : parsed[0].getAddress().toLowerCase();
        } catch (AddressException e) {
            return "";
        }
    }
}
