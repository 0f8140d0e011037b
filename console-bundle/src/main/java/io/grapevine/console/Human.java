package io.grapevine.console;

import java.util.Locale;

/**
 * Times and sizes as a person reads them ("12 s ago", "2 h 5 min", "64 MiB"), for the tab and for
 * {@code grapevine:status}. The tab's script ({@code res/grapevine.js}) words times the same way.
 */
public final class Human {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Human() {
    }

    /**
     * A duration in its two largest units, the second left out when it is zero: {@code 42 s} under a
     * minute, then {@code 3 min} (seconds no longer matter), {@code 2 h 5 min}, {@code 3 d 4 h}.
     */
    public static String duration(long ms) {
        long seconds = Math.max(0, ms) / 1000;
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        if (hours < 24) {
            return hours + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
        }
        return hours / 24 + " d" + (hours % 24 == 0 ? "" : " " + hours % 24 + " h");
    }

    /** How long ago: {@code now} under a second, else {@code 12 s ago}, {@code 3 min ago}, {@code 2 h 5 min ago}. */
    public static String ago(long ms) {
        return ms < 1000 ? "now" : duration(ms) + " ago";
    }

    /**
     * A size in binary units with at most one decimal, none when it is whole: {@code 512 B},
     * {@code 12.3 KiB}, {@code 64 MiB}. The unit is the largest in which the size is at least 1.
     */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " " + UNITS[0];
        }
        int unit = 0;
        double value = bytes;
        while (unit < UNITS.length - 1 && Math.round(value * 10) >= 1024 * 10) {
            value /= 1024;
            unit++;
        }
        long tenths = Math.round(value * 10);
        String number = tenths % 10 == 0 ? Long.toString(tenths / 10) : String.format(Locale.ROOT, "%.1f", tenths / 10.0);
        return number + " " + UNITS[unit];
    }
}
