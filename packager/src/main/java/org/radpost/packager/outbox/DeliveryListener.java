package org.radpost.packager.outbox;

/** Hears about deliveries as they happen (the CLI's progress bar); every method has a silent default. */
public interface DeliveryListener {
    DeliveryListener NONE = new DeliveryListener() {};

    default void starting(OutboxEntry entry) {}

    default void bytesSent(long bytes) {}

    default void finished(Delivery delivery) {}
}
