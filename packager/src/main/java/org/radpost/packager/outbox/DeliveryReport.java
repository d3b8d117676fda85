package org.radpost.packager.outbox;

import java.util.List;

/** What one delivery pass attempted, and the outbox as it stands afterwards. */
public record DeliveryReport(List<Delivery> deliveries, List<OutboxEntry> remaining) {
    public DeliveryReport {
        deliveries = List.copyOf(deliveries);
        remaining = List.copyOf(remaining);
    }

    public long sentCount() {
        return deliveries.stream().filter(Delivery::sent).count();
    }
}
