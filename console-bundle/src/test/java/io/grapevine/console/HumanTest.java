package io.grapevine.console;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class HumanTest {

    @Test
    public void aDurationIsInItsTwoLargestUnitsSecondsOnlyUnderAMinute() {
        String[][] cases = {
            {"0", "0 s"}, {"999", "0 s"}, {"12400", "12 s"}, {"59999", "59 s"}, {"60000", "1 min"},
            {"192000", "3 min"}, {"3599999", "59 min"}, {"3600000", "1 h"}, {"7530000", "2 h 5 min"},
            {"86399999", "23 h 59 min"}, {"86400000", "1 d"}, {"273600000", "3 d 4 h"}, {"-5", "0 s"},
        };
        for (String[] c : cases) {
            assertEquals(c[0], c[1], Human.duration(Long.parseLong(c[0])));
        }
    }

    @Test
    public void agoIsNowUnderASecond() {
        assertEquals("now", Human.ago(0));
        assertEquals("now", Human.ago(999));
        assertEquals("1 s ago", Human.ago(1000));
        assertEquals("12 s ago", Human.ago(12_999));
        assertEquals("3 min ago", Human.ago(200_000));
        assertEquals("2 h 5 min ago", Human.ago(7_500_000));
    }

    @Test
    public void aSizeIsInTheLargestBinaryUnitItFillsWithOneDecimalAtMost() {
        String[][] cases = {
            {"0", "0 B"}, {"1023", "1023 B"}, {"1024", "1 KiB"}, {"1234", "1.2 KiB"}, {"200000", "195.3 KiB"},
            {"1048575", "1 MiB"}, {"1048576", "1 MiB"}, {"5347737", "5.1 MiB"}, {"67108864", "64 MiB"},
            {"3221225472", "3 GiB"},
        };
        for (String[] c : cases) {
            assertEquals(c[0], c[1], Human.size(Long.parseLong(c[0])));
        }
    }
}
