package resnetmc.job.run;

/**
 * What every mode's config says about the run itself, whatever it computes.
 *
 * @param config the resolved config as JSON, stored in the {@code runs} row
 */
public record RunSettings(String runId, String output, boolean progress, long seed, String config) {
}
