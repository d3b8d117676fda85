package org.radpost.datacenter;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.radpost.archiver.Archiver;
import org.radpost.datacenter.archive.ArchiveStage;
import org.radpost.datacenter.archive.PriorsStage;
import org.radpost.datacenter.deidentify.DeidentifyStage;
import org.radpost.datacenter.deidentify.Deidentifier;
import org.radpost.datacenter.deidentify.ReidentifyStep;
import org.radpost.datacenter.deidentify.Reidentifier;
import org.radpost.datacenter.deliver.DeliverStage;
import org.radpost.datacenter.directory.Account;
import org.radpost.datacenter.directory.Directory;
import org.radpost.datacenter.index.IndexStep;
import org.radpost.datacenter.index.Indexer;
import org.radpost.datacenter.index.ViewerResults;
import org.radpost.datacenter.route.RouteStage;
import org.radpost.datacenter.smime.DataCenterSmime;
import org.radpost.datacenter.smime.UnsealStep;
import org.radpost.datacenter.spool.MessageState;
import org.radpost.datacenter.spool.Spool;
import org.radpost.datacenter.spool.SpoolStep;
import org.radpost.datacenter.unpack.UnpackStep;
import org.radpost.datacenter.validate.ValidateStep;

/**
 * The data center, in the order of the picture. While the sender waits after DATA ({@link Intake} runs it):
 * Receive (SMTP) → Spool → Unseal (S/MIME) → Unpack → Validate → Index, then one commit and the 250 reply (a viewer's
 * results: Spool → Unseal → Unpack → Validate → Re-identify → Index results). From the queue,
 * each step claimed by a {@link Worker}: Route → De-identify → Deliver → Priors → Archive. Scheduled jobs
 * beside it are in {@link Schedule}.
 */
public final class Pipeline {
    /** What the pipeline's steps work with. */
    public record Parts(Spool spool, Directory directory, Archiver archiver, Deidentifier deidentifier,
                        Reidentifier reidentifier, Clock clock, long maxMessageBytes, String dataCenterAddress,
                        DataCenterSmime smime, org.radpost.datacenter.deliver.MailboxArrivals arrivals) {}

    /** A center's study: Spool → Unseal → Unpack → Validate → Index. */
    private final List<IntakeStep> centerIntake;
    /**
     * What a viewer sends back (overlays, reports, receipts): Spool → Unseal → Unpack → Validate → Re-identify (from
     * a de-identified viewer) → Index results.
     */
    private final List<IntakeStep> viewerResults;
    /** The queued half: Route → De-identify → Deliver → Priors → Archive. */
    private final List<Stage> queued;

    public Pipeline(Parts p) {
        IntakeStep spool = new SpoolStep(p.spool(), p.maxMessageBytes());
        IntakeStep unseal = new UnsealStep(p.smime(), p.spool());
        IntakeStep unpack = new UnpackStep(p.spool());
        IntakeStep validate = new ValidateStep();
        Indexer indexer = new Indexer(p.spool());
        this.centerIntake = List.of(spool, unseal, unpack, validate, new IndexStep(p.directory(), indexer, p.clock()));
        this.viewerResults = List.of(spool, unseal, unpack, validate, new ReidentifyStep(p.directory(), p.spool(), p.reidentifier()),
                new ViewerResults(p.directory(), indexer, p.clock()));
        this.queued = List.of(
                new RouteStage(p.directory(), p.clock()),
                new DeidentifyStage(p.directory(), p.spool(), p.deidentifier(), p.smime()),
                new DeliverStage(p.smime(), p.spool(), p.arrivals()),
                new PriorsStage(p.archiver(), p.smime(), p.directory(), p.spool(), p.dataCenterAddress(),
                        PriorsStage.DEFAULT_MAX_STUDIES, Set.of(), p.clock()),
                new ArchiveStage(p.archiver(), p.directory()));
    }

    /** A pipeline of the given queued stages only (tests of the queue itself). */
    public Pipeline(List<Stage> queued) {
        this.centerIntake = List.of();
        this.viewerResults = List.of();
        this.queued = List.copyOf(queued);
    }

    /** The synchronous steps for what this account sends: a center's studies, or a viewer's results. */
    public List<IntakeStep> intakeFor(Account.Kind sender) {
        return sender == Account.Kind.CENTER ? centerIntake : viewerResults;
    }

    public List<Stage> queued() {
        return queued;
    }

    /** The state a message enters the queue in. */
    public MessageState firstQueued() {
        return queued.get(0).state();
    }

    public Stage stage(MessageState state) {
        return queued.stream().filter(s -> s.state() == state).findFirst()
                .orElseThrow(() -> new IllegalStateException("no queued stage runs messages in state " + state.token()));
    }

    /** The state after a stage: the next stage's, or done. */
    public MessageState after(Stage stage) {
        int i = queued.indexOf(stage);
        return i + 1 < queued.size() ? queued.get(i + 1).state() : MessageState.DONE;
    }

    public List<MessageState> queuedStates() {
        return queued.stream().map(Stage::state).toList();
    }
}
