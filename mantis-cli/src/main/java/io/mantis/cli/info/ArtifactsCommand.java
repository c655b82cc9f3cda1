package io.mantis.cli.info;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantis.cli.CliContext;
import io.mantis.cli.MasterCommand;
import io.mantis.cli.client.Json;
import io.mantis.cli.output.Formats;
import io.mantis.cli.output.Table;
import picocli.CommandLine.Command;

/** {@code mantis artifacts}: the stored job JARs. */
@Command(name = "artifacts", mixinStandardHelpOptions = true, description = "List stored job JARs.")
public final class ArtifactsCommand extends MasterCommand {

    ArtifactsCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        JsonNode artifacts = client().get("/artifacts");
        if (json()) {
            printJson(artifacts);
            return 0;
        }
        Table t = Table.of("SHA256", "FILE", "SIZE", "JOB", "STAGES", "UPLOADED");
        for (JsonNode a : artifacts) {
            JsonNode job = a.path("job");
            t.row(Formats.shortSha(Json.text(a, "sha256")), Json.text(a, "fileName"),
                    Formats.size(a.path("size").asLong()), Json.text(job, "name"), job.path("stages").size(),
                    Formats.time(a.get("uploadedAt")));
        }
        out().print(t.render());
        return 0;
    }
}
