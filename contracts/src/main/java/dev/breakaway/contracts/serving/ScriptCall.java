package dev.breakaway.contracts.serving;

import java.util.List;

/** One script run on the serving store: the script text, its keys and its arguments. */
public record ScriptCall(String script, List<String> keys, List<String> args) {

    public ScriptCall {
        keys = List.copyOf(keys);
        args = List.copyOf(args);
    }
}
