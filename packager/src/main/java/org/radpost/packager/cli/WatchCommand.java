package org.radpost.packager.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code packager watch <folder>}: send studies dropped into a folder once they are quiet, until Ctrl-C. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Watches a drop folder until Ctrl-C. Files count once stable (unchanged for watch.stable-for; "
                + "names ending .part or .tmp are ignored until renamed). Files are grouped by study; a study quiet for "
                + "quiet-period is queued and sent, its files moved to sent/<study UID>/; bad files go to failed/ with a "
                + ".reason.txt."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:stopped", ExitCodes.HELP_64, ExitCodes.HELP_74})
final class WatchCommand implements Callable<Integer> {
    @Mixin
    SettingsOptions options;

    @Option(names = "--to", paramLabel = "ADDRESS", description = "the viewer's RadPost address (to)")
    String to;

    @Option(names = "--from", paramLabel = "ADDRESS", description = "this center's address (from)")
    String from;

    @Parameters(paramLabel = "FOLDER", description = "the drop folder")
    Path folder;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Map<String, String> flags = new HashMap<>();
        flags.put("to", to);
        flags.put("from", from);
        PackagerContext context = new PackagerContext(options.load(flags));
        Services services = new Services(context, spec.commandLine().getOut());
        services.watch(folder.toAbsolutePath(), context.settings().to());
        return services.deliverUntilStopped();
    }
}
