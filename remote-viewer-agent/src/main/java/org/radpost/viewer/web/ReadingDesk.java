package org.radpost.viewer.web;

import org.radpost.viewer.annotate.Annotations;
import org.radpost.viewer.outbox.Outbox;
import org.radpost.viewer.poll.MailboxPoller;
import org.radpost.viewer.receipt.ViewedReceipts;
import org.radpost.viewer.report.Reports;
import org.radpost.viewer.store.Studies;
import org.radpost.viewer.view.ImageRenderer;
import org.radpost.viewer.worklist.Worklist;

/** What the radiologist's pages work with: the worklist, studies, rendering and the actions that send. */
public record ReadingDesk(Worklist worklist, Studies studies, ImageRenderer renderer, ViewedReceipts receipts,
                          Annotations annotations, Reports reports, Outbox outbox, MailboxPoller poller,
                          String readerName) {
}
