package org.radpost.viewer.poll;

import java.util.concurrent.atomic.AtomicInteger;

/** What one poll did so far; its sessions (the main one and a STAT lane's) count into it from their own threads. */
final class Counts {
    final AtomicInteger stored = new AtomicInteger();
    final AtomicInteger duplicates = new AtomicInteger();
    final AtomicInteger rejected = new AtomicInteger();
}
