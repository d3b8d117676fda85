package org.radpost.datacenter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.radpost.schema.Database;
import org.radpost.schema.DatabaseConfig;
import org.radpost.testkit.MutableClock;
import org.radpost.testkit.TestDatabases;

/** Two nodes on one MariaDB: each scheduled job runs on one of them per interval, and the other takes over when it lapses. */
class ScheduleTest {
    MutableClock clock = MutableClock.at("2026-12-01T08:00:00Z");
    DatabaseConfig config;
    Database database;

    @BeforeEach
    void open() {
        config = TestDatabases.freshMariaDb();
        database = Database.open(config, DataCenter.ENTITIES);
    }

    @AfterEach
    void close() {
        database.close();
        TestDatabases.drop(config);
    }

    Schedule node(String name, AtomicInteger runs) {
        return new Schedule(List.of(new Schedule.Job("spool retention", Duration.ofMinutes(5), Duration.ofHours(1),
                runs::incrementAndGet)), new JobLease.Leases(database.sessionFactory(), clock, name));
    }

    @Test
    void aJobRunsOncePerIntervalAcrossNodesAndMovesWhenItsNodeStops() {
        AtomicInteger runs = new AtomicInteger();
        Schedule first = node("node-a", runs);
        Schedule second = node("node-b", runs);

        assertThat(first.runAll()).containsExactly(true);
        assertThat(second.runAll()).as("node-a holds the lease for the hour").containsExactly(false);
        clock.advance(Duration.ofMinutes(59));
        assertThat(first.runAll()).as("the holder renews").containsExactly(true);
        assertThat(second.runAll()).containsExactly(false);
        assertThat(runs).hasValue(2);

        // node-a stops: its lease lapses after one interval and node-b takes the job over.
        clock.advance(Duration.ofMinutes(61));
        assertThat(second.runAll()).containsExactly(true);
        assertThat(first.runAll()).containsExactly(false);
        assertThat(runs).hasValue(3);
    }
}
