package org.radpost.datacenter.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenter;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.datacenter.directory.AccessLevel;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.Priority;
import org.radpost.wire.Sha256;
import org.radpost.wire.transport.MailboxReader;
import org.radpost.wire.transport.Pop3Settings;
import org.radpost.wire.transport.SubmitOutcome;

/**
 * De-identified copies (deidentified/<pop uid>/) that no delivery needs any more go at the next start, each audited:
 * one the viewer has fetched, and crash leftovers no delivery row names. The copy of a delivery still waiting in the
 * mailbox stays byte for byte (and is still fetched after the restart), and so does a copy too young to judge.
 */
class DeidentifiedLeftoversTest {
    static final String RESEARCH_VIEWER = "research@radpost.test";
    @TempDir Path dir;

    @Test
    void copiesNoDeliveryNeedsGoEachAuditedAndAWaitingCopyStays() throws Exception {
        DataCenterFixture fixture = DataCenterFixture.start(dir, false);
        fixture.dataCenter.directory().addViewer("r1", "Research reader", RESEARCH_VIEWER, DataCenterFixture.PASSWORD,
                AccessLevel.DEIDENTIFIED);
        fixture.dataCenter.directory().authorize("c1", "r1", null);
        Path data = dir.resolve("dc");
        Path copies = data.resolve("deidentified");

        send(fixture, SampleStudy.of("CT", "PID-1", "Doe^Jane", "ACC-1"), "fetched");
        assertThat(fetch(fixture.dataCenter)).hasSize(1); // POP3 QUIT: that delivery is DELIVERED now
        send(fixture, SampleStudy.of("MR", "PID-2", "Roe^Rita", "ACC-2"), "waiting");
        List<String> uids = fixture.dataCenter.database().sessionFactory().fromSession(s -> s.createNativeQuery(
                        "select pop_uid from delivery where mailbox = :m and kind = 'STUDY' order by id", String.class)
                .setParameter("m", RESEARCH_VIEWER).getResultList());
        assertThat(uids).hasSize(2);
        Path fetched = copies.resolve(uids.get(0));
        Path waiting = copies.resolve(uids.get(1));
        assertThat(fetched).isDirectory();
        assertThat(waiting.resolve("message.eml")).isRegularFile();
        fixture.dataCenter.close();

        Path noRow = plant(copies.resolve("0d9e-never-committed").resolve("message.eml")).getParent();
        Path midDeidentify = plant(copies.resolve("4a7b-cut-off").resolve("objects").resolve("1.2.826.0.1.7.dcm")).getParent().getParent();
        Instant anHourAgo = Instant.now().minus(1, ChronoUnit.HOURS);
        try (Stream<Path> all = Files.walk(copies)) {
            for (Path path : all.toList()) {
                Files.setLastModifiedTime(path, FileTime.from(anHourAgo));
            }
        }
        Path young = plant(copies.resolve("9c1f-another-node-writing").resolve("message.eml")).getParent();
        String waitingSha = Sha256.of(waiting.resolve("message.eml")).hex();

        try (DataCenter restarted = DataCenter.start(DatacenterConfig.local(data, fixture.database), Clock.systemUTC())) {
            for (Path orphan : List.of(fetched, noRow, midDeidentify)) {
                assertThat(orphan).as("a copy no delivery needs").doesNotExist();
                assertThat(audits(restarted, orphan)).as("audit row for %s", orphan).isEqualTo(1);
            }
            assertThat(Sha256.of(waiting.resolve("message.eml")).hex()).as("the waiting delivery's copy").isEqualTo(waitingSha);
            assertThat(young).as("too young to judge: maybe another node's work in progress").exists();
            assertThat(count(restarted, "select count(*) from reconcile_action where kind = 'DEIDENTIFIED_COPY'")).isEqualTo(3);
            assertThat(fetch(restarted)).singleElement().satisfies(f -> assertThat(f.problem()).isEmpty());
        } finally {
            org.radpost.testkit.TestDatabases.drop(fixture.database);
        }
    }

    private void send(DataCenterFixture fixture, SampleStudy study, String name) throws Exception {
        study.writeImages(dir.resolve(name), 2);
        assertThat(fixture.send(fixture.packageStudy(dir.resolve(name), RESEARCH_VIEWER, Priority.ROUTINE).get(0)))
                .isInstanceOf(SubmitOutcome.Sent.class);
        fixture.drainPipeline();
    }

    private List<MailboxReader.Fetched> fetch(DataCenter dataCenter) throws Exception {
        return new MailboxReader(new Pop3Settings("127.0.0.1", dataCenter.pop3sPort(), RESEARCH_VIEWER,
                DataCenterFixture.PASSWORD, dataCenter.trustStore(), "changeit"), Files.createTempDirectory(dir, "pop")).fetchAll();
    }

    private static long audits(DataCenter dataCenter, Path path) {
        return dataCenter.database().sessionFactory().fromSession(s -> ((Number) s.createNativeQuery(
                        "select count(*) from reconcile_action where kind = 'DEIDENTIFIED_COPY' and path = :p"
                                + " and action = 'REMOVED'", Object.class)
                .setParameter("p", path.toString()).getSingleResult()).longValue());
    }

    private static long count(DataCenter dataCenter, String sql) {
        return dataCenter.database().sessionFactory().fromSession(s -> ((Number) s.createNativeQuery(sql, Object.class)
                .getSingleResult()).longValue());
    }

    private static Path plant(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, List.of("left behind by a crash"));
        return file;
    }
}
