package org.radpost.archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.archiver.ArchiveItem;
import org.radpost.archiver.ArchiveRecord;
import org.radpost.archiver.Archiver;
import org.radpost.archiver.TestArchive;
import org.radpost.testkit.SampleStudy;
import picocli.CommandLine;

/** Runs the CLI against the embedded H2 database in a data folder, as an admin would with --data-dir. */
class ArchiverCliTest {
    @TempDir
    static Path dataDir;
    static TestArchive archive;
    static List<ArchiveItem> items;
    static List<ArchiveRecord> records;
    static final String CENTER = "NORTHSIDE";

    @BeforeAll
    static void archiveAStudy() {
        archive = TestArchive.h2(dataDir);
        Archiver archiver = archive.open(300 * 1024, Clock.systemDefaultZone());
        items = TestArchive.study(CENTER, SampleStudy.of("CT", "PAT-CLI", "CLI^PAT", "ACC-CLI"), dataDir.resolve("in"), 3);
        records = items.stream().map(archiver::archive).toList();
    }

    @AfterAll
    static void close() {
        archive.close();
    }

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = ArchiverCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir=" + dataDir;
        all[args.length + 1] = "--actor=cli-test";
        int exit = cli.execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void volumesListsCenterModalityStateAndObjectCount() {
        Run run = run("volumes", "--center", CENTER);
        assertThat(run.exit()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("SEALED").contains("OPEN").contains(CENTER).contains("CT")
                .contains("2 volume(s), 3 object entries");
    }

    @Test
    void verifyExitsOneAndNamesTheDamagedObject() throws Exception {
        assertThat(run("verify").exit()).isEqualTo(ExitCodes.OK);
        ArchiveRecord victim = records.get(2);
        Path volume = Files.list(dataDir.resolve("archive").resolve(CENTER).resolve("CT"))
                .filter(p -> p.getFileName().toString().endsWith(String.format("%08d.tar", victim.volumeId())))
                .findFirst().orElseThrow();
        flip(volume, victim.offset() + 100);
        try {
            Run run = run("verify");
            assertThat(run.exit()).isEqualTo(ExitCodes.DAMAGE);
            assertThat(run.out()).contains("DAMAGED").contains(victim.sopInstanceUid().value()).contains("CHECKSUM_MISMATCH");
        } finally {
            flip(volume, victim.offset() + 100);
        }
    }

    @Test
    void restoreWritesTheStudyAndSaysWhenNothingMatches() throws Exception {
        Path to = dataDir.resolve("restored");
        Run run = run("restore", "--study", items.get(0).studyUid().value(), "--to", to.toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("restored 3 of 3 objects");
        for (ArchiveItem item : items) {
            Path file = to.resolve(item.studyUid().value()).resolve(item.sopInstanceUid().value() + ".dcm");
            assertThat(Files.mismatch(file, item.file())).isEqualTo(-1);
        }
        Run none = run("restore", "--accession", "NO-SUCH", "--to", to.toString());
        assertThat(none.exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(none.err()).contains("no archived objects for accession NO-SUCH");
    }

    @Test
    void holdReleaseAndRetentionCommandsAreAudited() {
        String study = items.get(0).studyUid().value();
        assertThat(run("release", "--study", study).exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(run("hold", "--study", study, "--reason", "court order").exit()).isEqualTo(ExitCodes.OK);
        assertThat(run("holds").out()).contains(study).contains("court order");
        assertThat(run("retention", "set-rule", "--modality", "CT", "--center", CENTER, "--years", "7").out())
                .contains("3 archived objects got a new expiry date");
        assertThat(run("retention", "set-policy", "--center", CENTER, "--notify-days", "60").exit()).isEqualTo(ExitCodes.OK);
        assertThat(run("retention", "sweep").out()).contains("0 expired");
        assertThat(run("release", "--study", study).exit()).isEqualTo(ExitCodes.OK);
        Run audit = run("audit", "--study", study);
        assertThat(audit.out()).contains("HOLD").contains("RELEASE").contains("cli-test");
    }

    @Test
    void helpListsTheExitCodesAndBadInputGetsASentence() {
        Run help = run("--help");
        assertThat(help.exit()).isEqualTo(ExitCodes.OK);
        assertThat(help.out()).contains("volumes").contains("verify").contains("restore").contains("retention")
                .contains("hold").contains("release").contains("Exit codes");
        Run restoreHelp = run("restore", "--help");
        assertThat(restoreHelp.exit()).isEqualTo(ExitCodes.OK);
        assertThat(restoreHelp.out()).contains("--accession").contains("--patient").contains("Exit codes");
        assertThat(run("restore", "--to", "x").exit()).isEqualTo(ExitCodes.USAGE);
        Run badUid = run("hold", "--study", "not a uid", "--reason", "x");
        assertThat(badUid.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(badUid.err()).contains("not a uid");
        Run noDb = run("volumes", "--db-url", "jdbc:mysql://127.0.0.1:1/none");
        assertThat(noDb.exit()).isEqualTo(ExitCodes.CANNOT_RUN);
        assertThat(noDb.err()).contains("Cannot connect to the database");
    }

    private static void flip(Path file, long position) throws Exception {
        file.toFile().setWritable(true);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 0xFF);
        }
    }
}
