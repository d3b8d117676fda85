package org.radpost.archiver.cli;

import java.util.List;
import java.util.Locale;
import org.radpost.archiver.volume.VolumeInfo;
import org.radpost.archiver.volume.VolumeState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Lists volumes with center, modality, state, size and object count; can seal an open volume early. */
@Command(name = "volumes", mixinStandardHelpOptions = true, description = "Lists the archive's volumes: center, modality, state, size, object count.",
        footer = ExitCodes.HELP)
final class VolumesCommand implements java.util.concurrent.Callable<Integer> {
    @ParentCommand
    ArchiverCli cli;

    @Option(names = "--center", paramLabel = "CODE", description = "only this imaging center")
    String center;

    @Option(names = "--modality", paramLabel = "MOD", description = "only this modality, e.g. CT")
    String modality;

    @Option(names = "--state", paramLabel = "STATE", description = "only OPEN, SEALED or COMPACTED volumes")
    VolumeState state;

    @Option(names = "--seal", paramLabel = "ID", description = "seal this open volume now (e.g. before taking a tape offline)")
    Long seal;

    @Override
    public Integer call() {
        try (ArchiveSettings.Opened open = cli.settings.open()) {
            if (seal != null) {
                if (!open.archiver().seal(seal, cli.settings.actor())) {
                    cli.spec.commandLine().getErr().printf("volume %d is not an open volume%n", seal);
                    return ExitCodes.NOT_FOUND;
                }
                cli.out().printf("sealed volume %d%n", seal);
            }
            List<VolumeInfo> volumes = open.archiver().volumes().stream()
                    .filter(v -> center == null || v.centerCode().equals(center))
                    .filter(v -> modality == null || v.modality().equalsIgnoreCase(modality))
                    .filter(v -> state == null || v.state() == state).toList();
            cli.out().printf("%6s  %-16s %-8s %-9s %8s %11s  %-20s %s%n", "ID", "CENTER", "MODALITY", "STATE", "OBJECTS",
                    "SIZE", "SEALED", "PATH");
            for (VolumeInfo v : volumes) {
                cli.out().printf(Locale.ROOT, "%6d  %-16s %-8s %-9s %8d %11s  %-20s %s%n", v.id(), v.centerCode(),
                        v.modality(), v.state(), v.objectCount(), ArchiveSettings.human(v.sizeBytes()),
                        v.sealedAt().map(t -> t.toString().substring(0, 19)).orElse("-"), v.path());
            }
            cli.out().printf("%d volume(s), %d object entries, %s%n", volumes.size(),
                    volumes.stream().mapToLong(VolumeInfo::objectCount).sum(),
                    ArchiveSettings.human(volumes.stream().mapToLong(VolumeInfo::sizeBytes).sum()));
            return ExitCodes.OK;
        }
    }
}
