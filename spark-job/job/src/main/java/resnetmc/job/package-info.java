/**
 * The entry point {@link resnetmc.job.Main} ({@code submit/*} and the jar's manifest name it): reads the
 * config, builds the {@link resnetmc.job.run.Mode} its {@code mode} key names and hands it to the
 * {@link resnetmc.job.run.RunLifecycle}.
 *
 * <p>May import the mode packages, {@code resnetmc.job.run} and {@code resnetmc.config}; nothing imports
 * this package.
 */
package resnetmc.job;
