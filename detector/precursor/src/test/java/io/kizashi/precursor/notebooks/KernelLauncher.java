package io.kizashi.precursor.notebooks;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * Starts rapaio-jupyter-kernel 3.0.1 the way its MainApp does, minus a start-up race: the kernel binds its
 * sockets before it registers its message handlers, so a kernel_info_request that arrives in between (nbclient
 * sends one at once and every second) kills the shell thread with a NullPointerException and the notebook hangs
 * until the start-up timeout. Here the handler map is pre-set to one that waits for the real map. Reflection
 * only: the kernel jar is not on the test class path, only on this launcher's.
 */
public final class KernelLauncher {

    private KernelLauncher() {
    }

    public static void main(String[] args) throws Exception {
        String json = Files.readString(Path.of(args[0]));
        Class<?> props = Class.forName("org.rapaio.jupyter.kernel.core.ConnectionProperties");
        Object connection = Class.forName("org.rapaio.jupyter.kernel.core.Transform").getMethod("fromJson", String.class, Class.class)
                .invoke(null, json, props);
        // the kernel instance the notebook's display(...) talks to is MainApp's static one
        Object kernel = Class.forName("org.rapaio.jupyter.kernel.MainApp").getField("kernel").get(null);
        Class<?> channelsType = Class.forName("org.rapaio.jupyter.kernel.channels.Channels");
        Object channels = channelsType.getConstructor(props).newInstance(connection);
        Field handlers = channelsType.getDeclaredField("handlers");
        handlers.setAccessible(true);
        handlers.set(channels, new WaitingMap(channels, handlers));
        channelsType.getMethod("connect", kernel.getClass()).invoke(channels, kernel);
        channelsType.getMethod("joinUntilClose").invoke(channels);
    }

    /** Stands in for the handler map until the kernel installs the real one, then delegates to it. */
    private static final class WaitingMap extends AbstractMap<Object, Object> {
        private final Object channels;
        private final Field field;

        WaitingMap(Object channels, Field field) {
            this.channels = channels;
            this.field = field;
        }

        @SuppressWarnings("unchecked")
        private Map<Object, Object> real() {
            try {
                for (int i = 0; i < 6000; i++) {
                    Object m = field.get(channels);
                    if (m != this && m != null) {
                        return (Map<Object, Object>) m;
                    }
                    Thread.sleep(10);
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the kernel never registered its message handlers");
        }

        @Override
        public Object get(Object key) {
            return real().get(key);
        }

        @Override
        public Set<Entry<Object, Object>> entrySet() {
            return real().entrySet();
        }
    }
}
