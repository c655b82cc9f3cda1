package io.mantis.examples.wordcount;

/** A word and how often it has been seen so far, in the worker that owns the word. */
public record WordCount(String word, long count) {
}
