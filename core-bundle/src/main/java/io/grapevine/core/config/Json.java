package io.grapevine.core.config;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** The one Gson the core uses: nulls kept (a missing deployment is {@code null}, not absent). */
public final class Json {
    public static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    private Json() {
    }
}
