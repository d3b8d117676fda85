package org.radpost.datacenter;

import java.util.List;
import java.util.Optional;

/**
 * The data center, in order. Receive (SMTP) → Spool → Unpack → Validate → Index run while the sender waits,
 * in {@link org.radpost.datacenter.spool.Intake}; once committed, the message is queued and these stages
 * follow, each claimed by a {@link Worker}: Route → (De-identify, per destination, to come) → Deliver → Archive.
 */
public final class Pipeline {
    public static final String DONE = "done";
    public static final String QUARANTINED = "quarantined";

    private final List<Stage> stages;

    public Pipeline(List<Stage> stages) {
        this.stages = List.copyOf(stages);
    }

    public List<Stage> stages() {
        return stages;
    }

    public Optional<Stage> stage(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The state after a stage: the next stage's name, or done. */
    public String after(Stage stage) {
        int i = stages.indexOf(stage);
        return i + 1 < stages.size() ? stages.get(i + 1).name() : DONE;
    }

    public List<String> queuedStates() {
        return stages.stream().map(Stage::name).toList();
    }
}
