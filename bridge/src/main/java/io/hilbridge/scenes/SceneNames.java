package io.hilbridge.scenes;

import java.util.Locale;

/**
 * The rules of a scene name, checked for every front-end and for names read from a file: 1 to
 * {@link #MAX_NAME_CHARS} characters, not blank, no leading or trailing space, no control character and no slash
 * (a name is a segment of a REST path). Two names are the same when they are equal ignoring case, so "Evening" and
 * "evening" cannot both exist. Stateless and thread-safe.
 */
public final class SceneNames {
    public static final int MAX_NAME_CHARS = 40;

    private SceneNames() {}

    /** Returns {@code name} if it follows the rules, else throws {@code bad_scene_name} naming the rule. */
    public static String check(String name) {
        if (name == null || name.isBlank()) throw SceneErrors.badName("a scene name must not be empty");
        int chars = name.codePointCount(0, name.length());
        if (chars > MAX_NAME_CHARS) {
            throw SceneErrors.badName(
                    "a scene name has at most " + MAX_NAME_CHARS + " characters, this one has " + chars);
        }
        if (!name.equals(name.strip())) {
            throw SceneErrors.badName("a scene name must not start or end with a space");
        }
        if (name.codePoints().anyMatch(c -> Character.isISOControl(c) || c == '/')) {
            throw SceneErrors.badName("a scene name must not contain a control character or a slash");
        }
        return name;
    }

    public static boolean sameName(String a, String b) {
        return a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }
}
