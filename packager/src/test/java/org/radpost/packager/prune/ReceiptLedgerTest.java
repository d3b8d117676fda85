package org.radpost.packager.prune;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;
import org.radpost.wire.receipt.ReceiptStatus;

class ReceiptLedgerTest {
    private static final StudyUid STUDY = StudyUid.of("1.2.826.0.1.3680043.9.7777.1");
    private static final SopInstanceUid IMAGE_1 = SopInstanceUid.of("1.2.826.0.1.3680043.9.7777.1.1.1");
    private static final SopInstanceUid IMAGE_2 = SopInstanceUid.of("1.2.826.0.1.3680043.9.7777.1.1.2");
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void archivedTimesAndStatusesSurviveARestart() throws IOException {
        ReceiptLedger ledger = ReceiptLedger.open(dir.resolve("receipts"));
        ledger.record(Receipts.of(ReceiptStatus.ACCEPTED, STUDY, T0, List.of(IMAGE_1, IMAGE_2)));
        ledger.record(Receipts.of(ReceiptStatus.DELIVERED, STUDY, T0.plusSeconds(60), List.of(IMAGE_1, IMAGE_2)));
        ledger.record(Receipts.of(ReceiptStatus.ARCHIVED, STUDY, T0.plusSeconds(120), List.of(IMAGE_1)));

        ReceiptLedger reopened = ReceiptLedger.open(dir.resolve("receipts"));

        assertThat(reopened.archived()).containsOnlyKeys(IMAGE_1);
        assertThat(reopened.archived().get(IMAGE_1)).isEqualTo(new ReceiptLedger.Archived(STUDY, T0.plusSeconds(120)));
        StudyReceipts study = reopened.study(STUDY).orElseThrow();
        assertThat(study.count(ReceiptStatus.ACCEPTED)).isEqualTo(2);
        assertThat(study.count(ReceiptStatus.DELIVERED)).isEqualTo(2);
        assertThat(study.count(ReceiptStatus.ARCHIVED)).isEqualTo(1);
        assertThat(study.objects().get(IMAGE_2).latest()).contains(ReceiptStatus.DELIVERED);
        assertThat(study.summary().get(0)).contains("2 object(s)").contains("accepted 2").contains("delivered 2")
                .contains("archived 1");
    }

    @Test
    void aLateOlderReceiptDoesNotMoveTheTimeBackAndARepeatChangesNothing() throws IOException {
        ReceiptLedger ledger = ReceiptLedger.open(dir);
        ledger.record(Receipts.of(ReceiptStatus.ARCHIVED, STUDY, T0.plusSeconds(300), List.of(IMAGE_1)));
        StudyReceipts before = ledger.study(STUDY).orElseThrow();

        ledger.record(Receipts.of(ReceiptStatus.ARCHIVED, STUDY, T0, List.of(IMAGE_1)));
        ledger.record(Receipts.of(ReceiptStatus.ARCHIVED, STUDY, T0.plusSeconds(300), List.of(IMAGE_1)));

        assertThat(ledger.study(STUDY)).contains(before);
        assertThat(ledger.archived().get(IMAGE_1).at()).isEqualTo(T0.plusSeconds(300));
    }

    @Test
    void theSummaryNamesEachRejectionAndResendRequestWithItsReason() throws IOException {
        ReceiptLedger ledger = ReceiptLedger.open(dir);
        ledger.record(Receipts.rejected(STUDY, T0, IMAGE_1, "checksum-mismatch", "The SHA-256 of the object does not match"));
        ledger.record(new org.radpost.wire.receipt.Receipt(ReceiptStatus.RESEND_REQUESTED, Receipts.DATA_CENTER,
                Receipts.CENTER, STUDY, "", "image-unreadable", "The radiologist cannot open this image",
                List.of(org.radpost.wire.receipt.ReceiptEntry.of(org.radpost.wire.ObjectType.IMAGE, IMAGE_2)), T0));

        List<String> summary = ReceiptLedger.open(dir).study(STUDY).orElseThrow().summary();

        assertThat(summary).anySatisfy(line -> assertThat(line).contains(IMAGE_1.value()).contains("rejected")
                .contains("checksum-mismatch: The SHA-256 of the object does not match"));
        assertThat(summary).anySatisfy(line -> assertThat(line).contains(IMAGE_2.value()).contains("resend-requested")
                .contains("image-unreadable: The radiologist cannot open this image"));
    }
}
