package org.radpost.packager.cli;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code packager gateway}: a DICOM C-STORE listener for modalities; quiet studies are sent, until Ctrl-C. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = {"Listens for DICOM C-STORE from modalities until Ctrl-C. Objects are kept as received (any transfer "
                + "syntax, compressed included), grouped by study, and a study that receives nothing for quiet-period is "
                + "queued and sent."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:stopped", ExitCodes.HELP_64, ExitCodes.HELP_74})
final class GatewayCommand implements Callable<Integer> {
    @Mixin
    SettingsOptions options;

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port to listen on (gateway.port, e.g. 11112)")
    String port;

    @Option(names = "--ae-title", paramLabel = "AET", description = "the gateway's AE title (gateway.ae-title; default RADPOST)")
    String aeTitle;

    @Option(names = "--to", paramLabel = "ADDRESS", description = "the viewer's RadPost address (to)")
    String to;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Map<String, String> flags = new HashMap<>();
        flags.put("gateway.port", port);
        flags.put("gateway.ae-title", aeTitle);
        flags.put("to", to);
        PackagerContext context = new PackagerContext(options.load(flags));
        int listenPort = context.settings().gatewayPort()
                .orElseThrow(() -> new SettingsException("missing setting gateway.port (or --port), e.g. 11112"));
        Services services = new Services(context, spec.commandLine().getOut());
        try {
            services.gateway(listenPort, context.settings().gatewayAeTitle(), context.settings().to());
        } catch (IllegalArgumentException e) {
            throw new SettingsException(e.getMessage(), e);
        }
        return services.deliverUntilStopped();
    }
}
