package io.mantis.sdk;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A job: a source, one or more stages, and a sink, plus its parameters. Built with {@link #named} and
 * validated when built; immutable.
 *
 * <pre>{@code
 * Job<WordCount> job = Job.named("word-count")
 *         .parameter(LINES)
 *         .source(ctx -> Flowable.range(0, ctx.parameters().get(LINES)).map(i -> "a line " + i))
 *         .stage(Stage.toKeyed("split", (ctx, lines) -> lines.flatMapIterable(...), Codecs.string(), Codecs.longs()))
 *         .stage(Stage.scalar("count", (ctx, words) -> ...))
 *         .sink(Sink.sse());
 * }</pre>
 *
 * @param <T> the type of the last stage's output
 */
public final class Job<T> {

    private final String name;
    private final String description;
    private final List<ParameterDefinition<?>> parameters;
    private final JobLifecycle lifecycle;
    private final Source<?> source;
    private final List<Stage<?, ?>> stages;
    private final Sink<T> sink;

    private Job(Builder builder, Source<?> source, List<Stage<?, ?>> stages, Sink<T> sink) {
        this.name = builder.name;
        this.description = builder.description;
        this.parameters = List.copyOf(builder.parameters);
        this.lifecycle = builder.lifecycle;
        this.source = source;
        this.stages = List.copyOf(stages);
        this.sink = sink;
    }

    /** Starts a job definition. Names are letters, digits, '-' and '_'. */
    public static Builder named(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public List<ParameterDefinition<?>> parameters() {
        return parameters;
    }

    public JobLifecycle lifecycle() {
        return lifecycle;
    }

    public Source<?> source() {
        return source;
    }

    /** The stages in order; stage number {@code n} is {@code stages().get(n - 1)}. */
    public List<Stage<?, ?>> stages() {
        return stages;
    }

    public Sink<T> sink() {
        return sink;
    }

    /** Validates {@code given} against this job's parameters; see {@link ParameterValues#resolve}. */
    public ParameterValues resolveParameters(java.util.Map<String, String> given) {
        return ParameterValues.resolve(parameters, given);
    }

    @Override
    public String toString() {
        return "Job[" + name + ", stages=" + stages + "]";
    }

    /** The part of a job definition before its source. */
    public static final class Builder {
        private final String name;
        private String description = "";
        private final List<ParameterDefinition<?>> parameters = new ArrayList<>();
        private JobLifecycle lifecycle = JobLifecycle.NONE;

        private Builder(String name) {
            Objects.requireNonNull(name, "job name is null");
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
                throw new InvalidJobException("job name '" + name
                        + "' must start with a letter or digit and use only letters, digits, '-' and '_'");
            }
            this.name = name;
        }

        public Builder describedAs(String text) {
            this.description = Objects.requireNonNull(text, "description is null");
            return this;
        }

        public Builder parameter(ParameterDefinition<?> definition) {
            Objects.requireNonNull(definition, "parameter definition is null");
            for (ParameterDefinition<?> d : parameters) {
                if (d.name().equals(definition.name())) {
                    throw new InvalidJobException("job '" + name + "' declares parameter '" + definition.name()
                            + "' twice");
                }
            }
            parameters.add(definition);
            return this;
        }

        public Builder lifecycle(JobLifecycle hooks) {
            this.lifecycle = Objects.requireNonNull(hooks, "lifecycle is null");
            return this;
        }

        public <S> Chain<S> source(Source<S> source) {
            Objects.requireNonNull(source, "source is null");
            return new Chain<>(this, source, new ArrayList<>());
        }
    }

    /**
     * A job definition with its source and the stages so far; {@code T} is the type the next stage takes.
     */
    public static final class Chain<T> {
        private final Builder builder;
        // Kept per chain, not in the builder: the stages are typed by this source's events, so a later
        // source(...) on the same builder must not replace it.
        private final Source<?> source;
        private final List<Stage<?, ?>> stages;

        private Chain(Builder builder, Source<?> source, List<Stage<?, ?>> stages) {
            this.builder = builder;
            this.source = source;
            this.stages = stages;
        }

        public <R> Chain<R> stage(Stage<? super T, R> stage) {
            Objects.requireNonNull(stage, "stage is null");
            List<Stage<?, ?>> next = new ArrayList<>(stages);
            next.add(stage);
            return new Chain<>(builder, source, next);
        }

        /**
         * Ends the definition and validates it.
         *
         * @throws InvalidJobException naming what is missing or inconsistent
         */
        public Job<T> sink(Sink<T> sink) {
            String job = "job '" + builder.name + "'";
            if (sink == null) {
                throw new InvalidJobException(job + " has no sink: end the definition with .sink(Sink.sse()), "
                        + "Sink.discard() or Sink.custom(...)");
            }
            if (stages.isEmpty()) {
                throw new InvalidJobException(job + " has no stage: add at least one .stage(...) between "
                        + ".source(...) and .sink(...)");
            }
            Set<String> names = new HashSet<>();
            for (int i = 0; i < stages.size(); i++) {
                Stage<?, ?> s = stages.get(i);
                if (!names.add(s.name())) {
                    throw new InvalidJobException(job + " has two stages named '" + s.name()
                            + "': stage names must be unique");
                }
                boolean feedsAnother = i < stages.size() - 1;
                if (feedsAnother && s.codec() == null) {
                    throw new InvalidJobException(job + ": stage " + (i + 1) + " '" + s.name() + "' feeds stage "
                            + (i + 2) + " '" + stages.get(i + 1).name()
                            + "' over the network and needs an output codec: call .withCodec(...) on it");
                }
            }
            return new Job<>(builder, source, stages, sink);
        }
    }
}
