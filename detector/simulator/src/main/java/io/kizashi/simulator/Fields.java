package io.kizashi.simulator;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A small insertion-ordered map of ECS dotted field names, backed by two arrays: documents have ~30
 * fields and are built by the hundred thousand, where hash maps cost more than the generation itself.
 * Mutable only through the package-private {@link #add}/{@link #set} while a document is being built.
 */
final class Fields extends AbstractMap<String, Object> {

    private String[] keys;
    private Object[] values;
    private int size;

    Fields(int capacity) {
        keys = new String[capacity];
        values = new Object[capacity];
    }

    /** Appends a field known not to be present yet. */
    Fields add(String key, Object value) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        keys[size] = key;
        values[size] = value;
        size++;
        return this;
    }

    void addAll(Fields other) {
        for (int i = 0; i < other.size; i++) {
            add(other.keys[i], other.values[i]);
        }
    }

    /** Replaces a field's value in place (keeping its position), or appends it. */
    void set(String key, Object value) {
        int i = indexOf(key);
        if (i >= 0) {
            values[i] = value;
        } else {
            add(key, value);
        }
    }

    String key(int i) {
        return keys[i];
    }

    Object value(int i) {
        return values[i];
    }

    private int indexOf(Object key) {
        for (int i = 0; i < size; i++) {
            if (keys[i] == key || keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Object get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < size;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (i >= size) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, Object> e = new SimpleImmutableEntry<>(keys[i], values[i]);
                        i++;
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    static Fields copyOf(Map<String, Object> m) {
        if (m instanceof Fields f) {
            return f;
        }
        Fields f = new Fields(Math.max(4, m.size()));
        m.forEach(f::add);
        return f;
    }
}
